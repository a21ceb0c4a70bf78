/// Local metadata of an image (`Metadata`).
public struct ImageMetadata: Codable, Sendable, Equatable, GoZeroValue {
    /// RFC 3339; absent when never tagged
    public var lastTagTime: String = ""

    public init(lastTagTime: String = "") {
        self.lastTagTime = lastTagTime
    }

    /// The Go zero value: what a request that omits this object means.
    public init() {}

    enum CodingKeys: String, GoJSONKey {
        case lastTagTime = "LastTagTime"

        var omitsEmpty: Bool { true }
    }
}
