/// One item of `GET /images/json` (`docker images`).
public struct ImageSummary: Codable, Sendable, Equatable {
    public var id: String = ""
    public var parentId: String = ""
    public var repoTags: [String]?
    public var repoDigests: [String]?
    /// Unix seconds
    public var created: Int64 = 0
    public var size: Int64 = 0
    /// -1 when not computed
    public var sharedSize: Int64 = 0
    /// Deprecated; omitted since API 1.44
    public var virtualSize: Int64 = 0
    public var labels: [String: String]?
    /// -1 when not computed
    public var containers: Int64 = 0
    public var descriptor: OCIDescriptor?

    public init(
        id: String = "",
        parentId: String = "",
        repoTags: [String]? = nil,
        repoDigests: [String]? = nil,
        created: Int64 = 0,
        size: Int64 = 0,
        sharedSize: Int64 = 0,
        virtualSize: Int64 = 0,
        labels: [String: String]? = nil,
        containers: Int64 = 0,
        descriptor: OCIDescriptor? = nil
    ) {
        self.id = id
        self.parentId = parentId
        self.repoTags = repoTags
        self.repoDigests = repoDigests
        self.created = created
        self.size = size
        self.sharedSize = sharedSize
        self.virtualSize = virtualSize
        self.labels = labels
        self.containers = containers
        self.descriptor = descriptor
    }

    enum CodingKeys: String, GoJSONKey {
        case id = "Id"
        case parentId = "ParentId"
        case repoTags = "RepoTags"
        case repoDigests = "RepoDigests"
        case created = "Created"
        case size = "Size"
        case sharedSize = "SharedSize"
        case virtualSize = "VirtualSize"
        case labels = "Labels"
        case containers = "Containers"
        case descriptor = "Descriptor"

        var omitsEmpty: Bool {
            switch self {
            case .virtualSize, .descriptor: true
            default: false
            }
        }
    }
}
