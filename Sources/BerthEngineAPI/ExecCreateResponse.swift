/// The answer to `POST /containers/{id}/exec` (201): `{"Id":"<64 hex>"}`.
public struct ExecCreateResponse: Codable, Sendable, Equatable {
    public var id: String = ""

    public init(id: String = "") {
        self.id = id
    }

    enum CodingKeys: String, GoJSONKey {
        case id = "Id"
    }
}
