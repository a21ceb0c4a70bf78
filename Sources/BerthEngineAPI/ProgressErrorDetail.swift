/// The error of a failed stream (`errorDetail`); the CLI exits with `code` when set.
public struct ProgressErrorDetail: Codable, Sendable, Equatable {
    public var code: Int = 0
    public var message: String = ""

    public init(code: Int = 0, message: String = "") {
        self.code = code
        self.message = message
    }

    enum CodingKeys: String, GoJSONKey {
        case code = "code"
        case message = "message"

        var omitsEmpty: Bool { true }
    }
}
