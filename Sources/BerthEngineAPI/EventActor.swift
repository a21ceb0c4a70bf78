/// The object an event is about, with attributes (labels, `image`, `name`, `exitCode`).
public struct EventActor: Codable, Sendable, Equatable, GoZeroValue {
    public var id: String = ""
    public var attributes: [String: String]?

    public init(id: String = "", attributes: [String: String]? = nil) {
        self.id = id
        self.attributes = attributes
    }

    /// The Go zero value: what a request that omits this object means.
    public init() {}

    enum CodingKeys: String, GoJSONKey {
        case id = "ID"
        case attributes = "Attributes"
    }
}
