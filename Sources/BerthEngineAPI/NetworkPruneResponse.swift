/// The answer to `POST /networks/prune`: `null` when nothing was removed, as dockerd writes it.
public struct NetworkPruneResponse: Codable, Sendable, Equatable {
    public var networksDeleted: [String]?

    public init(networksDeleted: [String]? = nil) { self.networksDeleted = networksDeleted }

    enum CodingKeys: String, GoJSONKey {
        case networksDeleted = "NetworksDeleted"
    }
}
