/// An address with its prefix length.
public struct NetworkAddress: Codable, Sendable, Equatable {
    public var addr: String = ""
    public var prefixLen: Int = 0

    public init(addr: String = "", prefixLen: Int = 0) {
        self.addr = addr
        self.prefixLen = prefixLen
    }

    enum CodingKeys: String, GoJSONKey {
        case addr = "Addr"
        case prefixLen = "PrefixLen"
    }
}
