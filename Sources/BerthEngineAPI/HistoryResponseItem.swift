/// One layer of `GET /images/{name}/history`.
public struct HistoryResponseItem: Codable, Sendable, Equatable {
    /// "<missing>" for layers of a pulled image
    public var id: String = ""
    public var created: Int64 = 0
    public var createdBy: String = ""
    public var tags: [String]?
    public var size: Int64 = 0
    public var comment: String = ""

    public init(id: String = "", created: Int64 = 0, createdBy: String = "", tags: [String]? = nil, size: Int64 = 0, comment: String = "") {
        self.id = id
        self.created = created
        self.createdBy = createdBy
        self.tags = tags
        self.size = size
        self.comment = comment
    }

    enum CodingKeys: String, GoJSONKey {
        case id = "Id"
        case created = "Created"
        case createdBy = "CreatedBy"
        case tags = "Tags"
        case size = "Size"
        case comment = "Comment"
    }
}
