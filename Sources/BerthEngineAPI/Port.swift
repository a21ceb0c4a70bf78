/// A published or exposed port in `GET /containers/json` (`PublicPort` absent when unpublished).
public struct Port: Codable, Sendable, Equatable {
    public var ip: String = ""
    public var privatePort: UInt16 = 0
    public var publicPort: UInt16 = 0
    /// "tcp", "udp" or "sctp"
    public var type: String = ""

    public init(ip: String = "", privatePort: UInt16 = 0, publicPort: UInt16 = 0, type: String = "") {
        self.ip = ip
        self.privatePort = privatePort
        self.publicPort = publicPort
        self.type = type
    }

    enum CodingKeys: String, GoJSONKey {
        case ip = "IP"
        case privatePort = "PrivatePort"
        case publicPort = "PublicPort"
        case type = "Type"

        var omitsEmpty: Bool {
            switch self {
            case .ip, .publicPort: true
            default: false
            }
        }
    }
}
