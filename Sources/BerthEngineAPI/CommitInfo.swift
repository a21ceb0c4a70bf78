/// The commit of a component (`ContainerdCommit`, `RuncCommit`, `InitCommit`).
public struct CommitInfo: Codable, Sendable, Equatable, GoZeroValue {
    public var id: String = ""
    public var expected: String = ""

    public init(id: String = "", expected: String = "") {
        self.id = id
        self.expected = expected
    }

    /// The Go zero value: what a request that omits this object means.
    public init() {}

    enum CodingKeys: String, GoJSONKey {
        case id = "ID"
        case expected = "Expected"

        var omitsEmpty: Bool {
            switch self {
            case .expected: true
            default: false
            }
        }
    }
}
