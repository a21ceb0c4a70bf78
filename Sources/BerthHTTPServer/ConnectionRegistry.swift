import NIOCore
import Synchronization

/// The open connections of a server, so shutdown can close idle keep-alive connections at once and
/// busy ones after their response (or after the grace period).
final class ConnectionRegistry: Sendable {
    private struct Entry {
        let channel: any Channel
        var isIdle: Bool
    }

    private struct State {
        var entries: [Int: Entry] = [:]
        var nextID = 0
        var isShuttingDown = false
    }

    private let state = Mutex(State())

    var isShuttingDown: Bool { state.withLock { $0.isShuttingDown } }

    var count: Int { state.withLock { $0.entries.count } }

    func add(_ channel: any Channel) -> Int {
        state.withLock { state in
            state.nextID += 1
            state.entries[state.nextID] = Entry(channel: channel, isIdle: true)
            return state.nextID
        }
    }

    func remove(_ id: Int) {
        _ = state.withLock { $0.entries.removeValue(forKey: id) }
    }

    /// Marks a connection idle (waiting for a request) or busy. Returns false when the server is
    /// shutting down, so an idle connection stops instead of waiting for another request.
    func setIdle(_ id: Int, _ idle: Bool) -> Bool {
        state.withLock { state in
            state.entries[id]?.isIdle = idle
            return !state.isShuttingDown
        }
    }

    /// Starts shutting down; closes the idle connections.
    func beginShutdown() {
        let idle = state.withLock { state -> [any Channel] in
            state.isShuttingDown = true
            return state.entries.values.filter(\.isIdle).map(\.channel)
        }
        for channel in idle { channel.close(promise: nil) }
    }

    func closeAll() {
        let all = state.withLock { $0.entries.values.map(\.channel) }
        for channel in all { channel.close(promise: nil) }
    }
}
