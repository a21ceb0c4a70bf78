/// The answer to `POST /networks/create`.
public struct NetworkCreateResponse: Codable, Sendable, Equatable {
    public var id: String
    public var warning: String

    public init(id: String, warning: String = "") {
        self.id = id
        self.warning = warning
    }

    enum CodingKeys: String, GoJSONKey {
        case id = "Id"
        case warning = "Warning"
    }
}
