import BerthCore
#if canImport(Glibc)
import Glibc
#endif

/// What the store knows about a committed blob. Labels are per namespace and live in the metadata
/// store, not here: the blob itself is shared.
public struct ContentInfo: Sendable, Equatable {
    public var digest: Digest
    public var size: Int64
    /// Unix time in nanoseconds.
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(digest: Digest, size: Int64, createdAt: Int64, updatedAt: Int64) {
        self.digest = digest
        self.size = size
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// An in-flight writer's progress, so an interrupted transfer can resume where it stopped.
public struct IngestStatus: Sendable, Equatable {
    public var ref: String
    public var offset: Int64
    public var total: Int64
    public var expected: Digest?
    public var startedAt: Int64
    public var updatedAt: Int64
}

extension timespec {
    var unixNanos: Int64 { Int64(tv_sec) * 1_000_000_000 + Int64(tv_nsec) }
}
