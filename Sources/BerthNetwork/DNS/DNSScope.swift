/// What one container may resolve: records of the containers sharing its networks, plus its upstreams.
/// The engine rebuilds a scope whenever a container joins or leaves a network and hands it to
/// `EmbeddedDNSServer.setScope`; the server never computes names itself.
public struct DNSScope: Sendable, Equatable {
    /// Lowercased names without the trailing dot ("redis", "redis.mynet", "db-alias") to their addresses.
    public var records: [String: [IPv4Address]]
    /// Tried in order for every name not in `records`.
    public var upstreams: [DNSUpstream]

    public init(records: [String: [IPv4Address]] = [:], upstreams: [DNSUpstream] = []) {
        self.records = records
        self.upstreams = upstreams
    }
}
