/// The product name in `GET /version`.
public struct SystemVersionPlatform: Codable, Sendable, Equatable {
    public var name: String = ""

    public init(name: String = "") {
        self.name = name
    }

    enum CodingKeys: String, GoJSONKey {
        case name = "Name"
    }
}
