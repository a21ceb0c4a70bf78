/// Every error body: `{"message":"No such container: x"}`.
public struct ErrorResponse: Codable, Sendable, Equatable {
    public var message: String = ""

    public init(message: String = "") {
        self.message = message
    }

    enum CodingKeys: String, GoJSONKey {
        case message = "message"
    }
}
