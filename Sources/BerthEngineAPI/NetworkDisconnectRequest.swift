/// The body of `POST /networks/{id}/disconnect`.
public struct NetworkDisconnectRequest: Codable, Sendable, Equatable {
    public var container: String = ""
    public var force: Bool = false

    public init(container: String = "", force: Bool = false) {
        self.container = container
        self.force = force
    }

    enum CodingKeys: String, GoJSONKey {
        case container = "Container"
        case force = "Force"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        container = try c.decodeIfPresent(String.self, forKey: .container) ?? ""
        force = try c.decodeIfPresent(Bool.self, forKey: .force) ?? false
    }
}

extension NetworkDisconnectRequest: EngineRequestBody {}
