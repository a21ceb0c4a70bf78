/// The process of an exec as inspect shows it (lower-case keys, as dockerd sends them).
public struct ExecProcessConfig: Codable, Sendable, Equatable {
    public var privileged: Bool?
    public var user: String = ""
    public var tty: Bool = false
    public var entrypoint: String = ""
    public var arguments: [String]?

    public init(privileged: Bool? = nil, user: String = "", tty: Bool = false, entrypoint: String = "", arguments: [String]? = nil) {
        self.privileged = privileged
        self.user = user
        self.tty = tty
        self.entrypoint = entrypoint
        self.arguments = arguments
    }

    enum CodingKeys: String, GoJSONKey {
        case privileged = "privileged"
        case user = "user"
        case tty = "tty"
        case entrypoint = "entrypoint"
        case arguments = "arguments"

        var omitsEmpty: Bool {
            switch self {
            case .privileged, .user: true
            default: false
            }
        }
    }
}
