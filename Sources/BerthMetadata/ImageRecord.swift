import BerthOCI

/// containerd's Image: a name pointing at a root descriptor (an index or manifest) in the namespace.
public struct ImageRecord: Sendable, Equatable {
    public var name: String
    public var labels: [String: String]
    public var target: Descriptor
    /// Unix time in nanoseconds.
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(name: String, target: Descriptor, labels: [String: String] = [:], createdAt: Int64 = 0, updatedAt: Int64 = 0) {
        self.name = name
        self.labels = labels
        self.target = target
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
