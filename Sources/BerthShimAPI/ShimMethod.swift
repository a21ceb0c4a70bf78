/// The calls a shim answers. Raw values are the wire names.
public enum ShimMethod: String, Sendable, Codable, CaseIterable {
    case connect, create, start, state, kill, delete, exec, pids, pause, resume
    case resizePty, closeIO, stats, update, wait, subscribe, shutdown
}
