import FoundationEssentials
import Synchronization

/// Fans events out to subscribers and keeps a bounded history, so a subscriber can ask for the events
/// since a time it knows (a client that reconnects, or the exits a restarted supervisor recovered
/// before anyone could subscribe). Each subscriber gets its own bounded buffer: a slow reader loses
/// its oldest events rather than stalling the supervisor.
public final class EventBroker: Sendable {
    private struct Subscriber: Sendable {
        let filter: EventFilter
        let continuation: AsyncStream<SupervisorEvent>.Continuation
    }

    private struct State: ~Copyable {
        var subscribers: [UInt64: Subscriber] = [:]
        var history: [SupervisorEvent] = []
        var nextID: UInt64 = 1
    }

    static let historyLimit = 4096
    private let state = Mutex(State())

    public init() {}

    public func publish(_ event: SupervisorEvent) {
        // Publishing and subscribing share the lock, so a replaying subscriber sees each event
        // exactly once: in the history or live, never both.
        state.withLock { state in
            state.history.append(event)
            if state.history.count > Self.historyLimit { state.history.removeFirst(state.history.count - Self.historyLimit) }
            for subscriber in state.subscribers.values where subscriber.filter.matches({ event.value(at: $0) }) {
                subscriber.continuation.yield(event)
            }
        }
    }

    public func publish(namespace: String, topic: String, _ fields: [String: String]) {
        publish(SupervisorEvent(namespace: namespace, topic: topic, fields: fields))
    }

    /// Live events from now on; with `since`, first the remembered events newer than it.
    public func subscribe(_ filter: EventFilter, since: Date? = nil) -> AsyncStream<SupervisorEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: SupervisorEvent.self, bufferingPolicy: .bufferingNewest(Self.historyLimit))
        let id = state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            if let since {
                for event in state.history where event.timestamp > since && filter.matches({ event.value(at: $0) }) {
                    continuation.yield(event)
                }
            }
            state.subscribers[id] = Subscriber(filter: filter, continuation: continuation)
            return id
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    var subscriberCount: Int { state.withLock { $0.subscribers.count } }
}
