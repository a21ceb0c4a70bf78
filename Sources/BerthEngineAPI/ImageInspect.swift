/// The answer to `GET /images/{name}/json`.
public struct ImageInspect: Codable, Sendable, Equatable {
    public var id: String = ""
    public var descriptor: OCIDescriptor?
    public var repoTags: [String]?
    public var repoDigests: [String]?
    public var parent: String = ""
    public var comment: String = ""
    /// RFC 3339
    public var created: String = ""
    /// Deprecated; sent before API 1.45
    public var container: String = ""
    /// Deprecated; sent before API 1.45
    public var containerConfig: ContainerConfig?
    public var dockerVersion: String = ""
    public var author: String = ""
    public var config: ContainerConfig?
    public var architecture: String = ""
    public var variant: String = ""
    public var os: String = ""
    public var osVersion: String = ""
    public var size: Int64 = 0
    /// Deprecated; omitted since API 1.44
    public var virtualSize: Int64 = 0
    public var graphDriver: GraphDriverData = GraphDriverData()
    public var rootFS: ImageRootFS = ImageRootFS()
    public var metadata: ImageMetadata = ImageMetadata()

    public init(
        id: String = "",
        descriptor: OCIDescriptor? = nil,
        repoTags: [String]? = nil,
        repoDigests: [String]? = nil,
        parent: String = "",
        comment: String = "",
        created: String = "",
        container: String = "",
        containerConfig: ContainerConfig? = nil,
        dockerVersion: String = "",
        author: String = "",
        config: ContainerConfig? = nil,
        architecture: String = "",
        variant: String = "",
        os: String = "",
        osVersion: String = "",
        size: Int64 = 0,
        virtualSize: Int64 = 0,
        graphDriver: GraphDriverData = GraphDriverData(),
        rootFS: ImageRootFS = ImageRootFS(),
        metadata: ImageMetadata = ImageMetadata()
    ) {
        self.id = id
        self.descriptor = descriptor
        self.repoTags = repoTags
        self.repoDigests = repoDigests
        self.parent = parent
        self.comment = comment
        self.created = created
        self.container = container
        self.containerConfig = containerConfig
        self.dockerVersion = dockerVersion
        self.author = author
        self.config = config
        self.architecture = architecture
        self.variant = variant
        self.os = os
        self.osVersion = osVersion
        self.size = size
        self.virtualSize = virtualSize
        self.graphDriver = graphDriver
        self.rootFS = rootFS
        self.metadata = metadata
    }

    enum CodingKeys: String, GoJSONKey {
        case id = "Id"
        case descriptor = "Descriptor"
        case repoTags = "RepoTags"
        case repoDigests = "RepoDigests"
        case parent = "Parent"
        case comment = "Comment"
        case created = "Created"
        case container = "Container"
        case containerConfig = "ContainerConfig"
        case dockerVersion = "DockerVersion"
        case author = "Author"
        case config = "Config"
        case architecture = "Architecture"
        case variant = "Variant"
        case os = "Os"
        case osVersion = "OsVersion"
        case size = "Size"
        case virtualSize = "VirtualSize"
        case graphDriver = "GraphDriver"
        case rootFS = "RootFS"
        case metadata = "Metadata"

        var omitsEmpty: Bool {
            switch self {
            case .descriptor, .created, .container, .containerConfig, .variant, .osVersion, .virtualSize: true
            default: false
            }
        }
    }
}
