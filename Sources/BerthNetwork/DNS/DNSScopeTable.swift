import Synchronization

/// The scopes every listener reads on each query, so `setScope` takes effect on the next packet without
/// touching channels. Shared by reference between the server and its handlers.
final class DNSScopeTable: Sendable {
    private let scopes = Mutex<[String: DNSScope]>([:])
    /// Forwarded queries in flight across the whole server: past the cap a query gets SERVFAIL at once,
    /// so a flooding container cannot pile up unbounded sockets in berthd.
    private let inFlight = Mutex(0)
    static let maxInFlight = 1024

    func scope(_ id: String) -> DNSScope? { scopes.withLock { $0[id] } }
    func set(_ scope: DNSScope, for id: String) { scopes.withLock { $0[id] = scope } }
    func remove(_ id: String) { scopes.withLock { $0[id] = nil } }
    func removeAll() { scopes.withLock { $0.removeAll() } }

    func beginForward() -> Bool {
        inFlight.withLock { count in
            guard count < Self.maxInFlight else { return false }
            count += 1
            return true
        }
    }

    func endForward() { inFlight.withLock { $0 -= 1 } }
}
