import FoundationEssentials
import Synchronization

/// Fans events out to subscribers. Each subscriber gets its own bounded buffer: a slow reader loses its
/// oldest events rather than stalling the supervisor.
public final class EventBroker: Sendable {
    private struct Subscriber: Sendable {
        let filter: EventFilter
        let continuation: AsyncStream<SupervisorEvent>.Continuation
    }

    private let subscribers = Mutex<[UInt64: Subscriber]>([:])
    private let nextID = Atomic<UInt64>(1)

    public init() {}

    public func publish(_ event: SupervisorEvent) {
        let targets = subscribers.withLock { Array($0.values) }
        for subscriber in targets where subscriber.filter.matches({ event.value(at: $0) }) {
            subscriber.continuation.yield(event)
        }
    }

    public func publish(namespace: String, topic: String, _ fields: [String: String]) {
        publish(SupervisorEvent(namespace: namespace, topic: topic, fields: fields))
    }

    public func subscribe(_ filter: EventFilter) -> AsyncStream<SupervisorEvent> {
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        let (stream, continuation) = AsyncStream.makeStream(of: SupervisorEvent.self, bufferingPolicy: .bufferingNewest(4096))
        subscribers.withLock { $0[id] = Subscriber(filter: filter, continuation: continuation) }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        return stream
    }

    var subscriberCount: Int { subscribers.withLock { $0.count } }
}
