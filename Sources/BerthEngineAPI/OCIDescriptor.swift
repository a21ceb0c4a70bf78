/// An OCI content descriptor (image manifest of a container or image).
public struct OCIDescriptor: Codable, Sendable, Equatable {
    public var mediaType: String = ""
    public var digest: String = ""
    public var size: Int64 = 0
    public var urls: [String]?
    public var annotations: [String: String]?
    public var platform: OCIPlatform?

    public init(mediaType: String = "", digest: String = "", size: Int64 = 0, urls: [String]? = nil, annotations: [String: String]? = nil, platform: OCIPlatform? = nil) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.urls = urls
        self.annotations = annotations
        self.platform = platform
    }

    enum CodingKeys: String, GoJSONKey {
        case mediaType = "mediaType"
        case digest = "digest"
        case size = "size"
        case urls = "urls"
        case annotations = "annotations"
        case platform = "platform"

        var omitsEmpty: Bool {
            switch self {
            case .urls, .annotations, .platform: true
            default: false
            }
        }
    }
}
