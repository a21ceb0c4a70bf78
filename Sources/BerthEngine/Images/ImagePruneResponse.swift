/// `POST /images/prune`'s answer: `{"ImagesDeleted":null,"SpaceReclaimed":0}` when nothing went
/// (a nil Go slice marshals as null; the CLI and docker-py accept both).
public struct ImagePruneResponse: Codable, Sendable, Equatable {
    public var imagesDeleted: [ImageDeleteResponseItem]?
    public var spaceReclaimed: Int64

    public init(imagesDeleted: [ImageDeleteResponseItem]?, spaceReclaimed: Int64) {
        self.imagesDeleted = imagesDeleted
        self.spaceReclaimed = spaceReclaimed
    }

    enum CodingKeys: String, CodingKey {
        case imagesDeleted = "ImagesDeleted", spaceReclaimed = "SpaceReclaimed"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let imagesDeleted { try c.encode(imagesDeleted, forKey: .imagesDeleted) } else { try c.encodeNil(forKey: .imagesDeleted) }
        try c.encode(spaceReclaimed, forKey: .spaceReclaimed)
    }
}
