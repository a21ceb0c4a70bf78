/// A containerd namespace: the unit of isolation for every metadata object and snapshot.
public struct NamespaceRecord: Sendable, Equatable {
    public var name: String
    public var labels: [String: String]
    /// Unix time in nanoseconds.
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(name: String, labels: [String: String] = [:], createdAt: Int64 = 0, updatedAt: Int64 = 0) {
        self.name = name
        self.labels = labels
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
