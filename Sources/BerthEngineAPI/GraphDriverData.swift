/// The storage driver of a container or image and its driver-specific data.
public struct GraphDriverData: Codable, Sendable, Equatable, GoZeroValue {
    public var data: [String: String]?
    public var name: String = ""

    public init(data: [String: String]? = nil, name: String = "") {
        self.data = data
        self.name = name
    }

    /// The Go zero value: what a request that omits this object means.
    public init() {}

    enum CodingKeys: String, GoJSONKey {
        case data = "Data"
        case name = "Name"
    }
}
