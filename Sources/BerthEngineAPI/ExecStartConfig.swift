/// The body of `POST /exec/{id}/start`: `{"Detach":false,"Tty":false}`.
public struct ExecStartConfig: Codable, Sendable, Equatable {
    public var detach: Bool = false
    public var tty: Bool = false
    public var consoleSize: [UInt]?

    public init(detach: Bool = false, tty: Bool = false, consoleSize: [UInt]? = nil) {
        self.detach = detach
        self.tty = tty
        self.consoleSize = consoleSize
    }

    enum CodingKeys: String, GoJSONKey {
        case detach = "Detach"
        case tty = "Tty"
        case consoleSize = "ConsoleSize"

        var omitsEmpty: Bool {
            switch self {
            case .consoleSize: true
            default: false
            }
        }
    }
}
