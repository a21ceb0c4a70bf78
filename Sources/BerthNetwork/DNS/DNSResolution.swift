/// What the server does with one incoming query.
enum DNSResolution: Sendable, Equatable {
    /// Send these bytes back to the client.
    case reply([UInt8])
    /// Relay the query unchanged to these upstreams, in order; SERVFAIL if none answers.
    case forward([DNSUpstream])
    /// Say nothing: the packet is too short to carry an id, or is itself a response (answering those
    /// could loop between two resolvers).
    case drop
}
