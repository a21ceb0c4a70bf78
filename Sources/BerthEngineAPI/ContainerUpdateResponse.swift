/// The answer to `POST /containers/{id}/update`: `{"Warnings":null}`.
public struct ContainerUpdateResponse: Codable, Sendable, Equatable {
    public var warnings: [String]?

    public init(warnings: [String]? = nil) {
        self.warnings = warnings
    }

    enum CodingKeys: String, GoJSONKey {
        case warnings = "Warnings"
    }
}
