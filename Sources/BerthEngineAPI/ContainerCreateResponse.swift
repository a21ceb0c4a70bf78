/// The answer to `POST /containers/create` (201). dockerd sends `"Warnings":[]`.
public struct ContainerCreateResponse: Codable, Sendable, Equatable {
    public var id: String = ""
    public var warnings: [String]?

    public init(id: String = "", warnings: [String]? = nil) {
        self.id = id
        self.warnings = warnings
    }

    enum CodingKeys: String, GoJSONKey {
        case id = "Id"
        case warnings = "Warnings"
    }
}
