/// One line of `DELETE /images/{name}` and of a prune report: `{"Untagged":"busybox:latest"}` or
/// `{"Deleted":"sha256:…"}` (both fields omitempty in moby's struct).
public struct ImageDeleteResponseItem: Codable, Sendable, Equatable {
    public var untagged: String = ""
    public var deleted: String = ""

    public init(untagged: String = "", deleted: String = "") {
        self.untagged = untagged
        self.deleted = deleted
    }

    enum CodingKeys: String, CodingKey {
        case untagged = "Untagged", deleted = "Deleted"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        untagged = try c.decodeIfPresent(String.self, forKey: .untagged) ?? ""
        deleted = try c.decodeIfPresent(String.self, forKey: .deleted) ?? ""
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if !untagged.isEmpty { try c.encode(untagged, forKey: .untagged) }
        if !deleted.isEmpty { try c.encode(deleted, forKey: .deleted) }
    }
}
