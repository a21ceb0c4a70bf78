import Glibc

/// /proc/<pid>/stat fields the runtime relies on. The start time (field 22, in clock ticks since
/// boot) pins a pid to one process, so a recycled pid is never mistaken for the container init.
public struct ProcStat: Sendable, Equatable {
    public var state: Character
    public var ppid: Int32
    public var startTime: UInt64

    public static func read(pid: Int32) -> ProcStat? {
        guard let text = try? FileIO.readString("/proc/\(pid)/stat") else { return nil }
        // The command name (field 2) may contain spaces and parentheses: parse after the last ')'.
        guard let close = text.lastIndex(of: ")") else { return nil }
        let rest = text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // rest[0] is field 3 (state); field 22 is rest[19].
        guard rest.count > 19, let state = rest[0].first, let ppid = Int32(rest[1]),
              let start = UInt64(rest[19]) else { return nil }
        return ProcStat(state: state, ppid: ppid, startTime: start)
    }

    /// Alive and not a zombie, and (when given) still the same process.
    public static func isRunning(pid: Int32, startTime: UInt64?) -> Bool {
        guard pid > 0, let stat = read(pid: pid) else { return false }
        if stat.state == "Z" || stat.state == "X" { return false }
        if let startTime, stat.startTime != startTime { return false }
        return true
    }
}
