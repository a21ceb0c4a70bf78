import BerthEngineAPI
import Synchronization

/// The engine's event bus for `GET /events`: a bounded history for `since` replays and live
/// subscribers. Publishing never blocks on a slow reader (each subscriber buffers its own backlog).
public final class EngineEvents: Sendable {
    public static let historyLimit = 1024

    struct State {
        var history: [EventMessage] = []
        var subscribers: [UInt64: AsyncStream<EventMessage>.Continuation] = [:]
        var nextToken: UInt64 = 0
    }
    private let state = Mutex(State())

    public init() {}

    /// Records a container event the way dockerd shapes it: Attributes are the labels plus image and name.
    public func container(_ action: String, _ record: ContainerRecord, extra: [String: String] = [:]) {
        var attributes = record.config.labels ?? [:]
        attributes["image"] = record.config.image
        attributes["name"] = record.name
        for (key, value) in extra { attributes[key] = value }
        publish(type: "container", action: action, id: record.id, attributes: attributes, from: record.config.image)
    }

    public func publish(type: String, action: String, id: String, attributes: [String: String], from: String? = nil) {
        let nanos = LogTime.now()
        var message = EventMessage()
        message.type = type
        message.action = action
        message.actor = EventActor(id: id, attributes: attributes)
        message.scope = "local"
        message.time = nanos / 1_000_000_000
        message.timeNano = nanos
        if type == "container" || type == "image" {
            // The pre-1.22 fields clients still read.
            message.status = action
            message.id = id
            message.from = from ?? ""
        }
        let targets = state.withLock { state -> [AsyncStream<EventMessage>.Continuation] in
            state.history.append(message)
            if state.history.count > Self.historyLimit { state.history.removeFirst(state.history.count - Self.historyLimit) }
            return Array(state.subscribers.values)
        }
        for continuation in targets { continuation.yield(message) }
    }

    /// The recorded events at or after `since` (nanoseconds), and the live stream from that moment on.
    public func subscribe(since: Int64?) -> (past: [EventMessage], live: AsyncStream<EventMessage>, token: UInt64) {
        let (stream, continuation) = AsyncStream<EventMessage>.makeStream()
        return state.withLock { state in
            state.nextToken += 1
            state.subscribers[state.nextToken] = continuation
            let past = since.map { since in state.history.filter { $0.timeNano >= since } } ?? []
            return (past, stream, state.nextToken)
        }
    }

    public func unsubscribe(_ token: UInt64) {
        let continuation = state.withLock { $0.subscribers.removeValue(forKey: token) }
        continuation?.finish()
    }

    public var listenerCount: Int { state.withLock { $0.subscribers.count } }
}
