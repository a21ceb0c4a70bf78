/// The part of the host config `docker ps` shows.
public struct ContainerSummaryHostConfig: Codable, Sendable, Equatable {
    public var networkMode: String = ""
    public var annotations: [String: String]?

    public init(networkMode: String = "", annotations: [String: String]? = nil) {
        self.networkMode = networkMode
        self.annotations = annotations
    }

    enum CodingKeys: String, GoJSONKey {
        case networkMode = "NetworkMode"
        case annotations = "Annotations"

        var omitsEmpty: Bool {
            switch self {
            case .annotations: true
            default: false
            }
        }
    }
}
