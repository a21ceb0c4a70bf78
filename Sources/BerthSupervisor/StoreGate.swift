/// Lets store operations (import, unpack, ingest, prepare) run side by side while keeping garbage
/// collection out: a blob or snapshot an operation has written but not yet referenced must not be
/// swept. GC waits for running operations and holds new ones back until it is done.
actor StoreGate {
    private var active = 0
    private var collecting = false
    private var operationWaiters: [CheckedContinuation<Void, Never>] = []
    private var collectorWaiters: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        while collecting {
            await withCheckedContinuation { operationWaiters.append($0) }
        }
        active += 1
    }

    func leave() {
        active -= 1
        if active == 0, let next = collectorWaiters.first {
            collectorWaiters.removeFirst()
            next.resume()
        }
    }

    func beginCollection() async {
        while collecting || active > 0 {
            await withCheckedContinuation { collectorWaiters.append($0) }
        }
        collecting = true
    }

    func endCollection() {
        collecting = false
        let waiters = operationWaiters
        operationWaiters = []
        waiters.forEach { $0.resume() }
        if active == 0, let next = collectorWaiters.first {
            collectorWaiters.removeFirst()
            next.resume()
        }
    }
}
