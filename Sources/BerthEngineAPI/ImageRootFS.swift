/// The layers of an image (`RootFS`).
public struct ImageRootFS: Codable, Sendable, Equatable, GoZeroValue {
    /// "layers"
    public var type: String = ""
    public var layers: [String]?

    public init(type: String = "", layers: [String]? = nil) {
        self.type = type
        self.layers = layers
    }

    /// The Go zero value: what a request that omits this object means.
    public init() {}

    enum CodingKeys: String, GoJSONKey {
        case type = "Type"
        case layers = "Layers"

        var omitsEmpty: Bool {
            switch self {
            case .layers: true
            default: false
            }
        }
    }
}
