import BerthCore

/// A namespace's claim on a blob: the blob lives once in the ContentStore, and a namespace sees it only
/// through such a record, which also carries that namespace's labels for it.
public struct ContentRecord: Sendable, Equatable {
    public var digest: Digest
    public var size: Int64
    public var labels: [String: String]
    /// Unix time in nanoseconds.
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(digest: Digest, size: Int64, labels: [String: String] = [:], createdAt: Int64 = 0, updatedAt: Int64 = 0) {
        self.digest = digest
        self.size = size
        self.labels = labels
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
