/// The plugins a daemon has, by kind (`Plugins` in `GET /info`).
public struct PluginsInfo: Codable, Sendable, Equatable, GoZeroValue {
    public var volume: [String]?
    public var network: [String]?
    public var authorization: [String]?
    public var log: [String]?

    public init(volume: [String]? = nil, network: [String]? = nil, authorization: [String]? = nil, log: [String]? = nil) {
        self.volume = volume
        self.network = network
        self.authorization = authorization
        self.log = log
    }

    /// The Go zero value: what a request that omits this object means.
    public init() {}

    enum CodingKeys: String, GoJSONKey {
        case volume = "Volume"
        case network = "Network"
        case authorization = "Authorization"
        case log = "Log"
    }
}
