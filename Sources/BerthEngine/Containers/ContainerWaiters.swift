import Synchronization

/// Callers parked on a container's exit or removal. Registration is synchronous, so a wait that
/// was answered with headers is guaranteed to see an exit that happens after it.
final class ContainerWaiters: Sendable {
    struct Waiter {
        var condition: WaitCondition
        var continuation: AsyncStream<WaitOutcome>.Continuation
    }
    private let waiters = Mutex<[String: [UInt64: Waiter]]>([:])
    private let nextToken = Atomic<UInt64>(0)

    func register(_ id: String, _ condition: WaitCondition) -> AsyncStream<WaitOutcome> {
        let (stream, continuation) = AsyncStream<WaitOutcome>.makeStream()
        let token = nextToken.add(1, ordering: .relaxed).newValue
        waiters.withLock { $0[id, default: [:]][token] = Waiter(condition: condition, continuation: continuation) }
        continuation.onTermination = { [weak self] _ in
            self?.waiters.withLock { _ = $0[id]?.removeValue(forKey: token) }
        }
        return stream
    }

    /// The process exited: wakes exit waiters (`removed` waiters keep waiting).
    func exited(_ id: String, _ outcome: WaitOutcome) {
        resolve(id, outcome) { $0 != .removed }
    }

    /// The container is gone: wakes everyone.
    func removed(_ id: String, _ outcome: WaitOutcome) {
        resolve(id, outcome) { _ in true }
    }

    private func resolve(_ id: String, _ outcome: WaitOutcome, _ matches: (WaitCondition) -> Bool) {
        let hit: [Waiter] = waiters.withLock { all in
            guard let list = all[id] else { return [] }
            let chosen = list.filter { matches($0.value.condition) }
            for token in chosen.keys { all[id]?.removeValue(forKey: token) }
            if all[id]?.isEmpty == true { all[id] = nil }
            return Array(chosen.values)
        }
        for waiter in hit {
            waiter.continuation.yield(outcome)
            waiter.continuation.finish()
        }
    }
}
