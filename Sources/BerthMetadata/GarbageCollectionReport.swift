/// What one garbage collection removed.
public struct GarbageCollectionReport: Sendable, Equatable {
    /// Namespace content records nothing referenced.
    public var removedContentRecords = 0
    /// Blobs deleted from the content store, and their total size.
    public var removedBlobs = 0
    public var bytesFreed: Int64 = 0
    public var removedSnapshots = 0
    /// Unreferenced snapshots left in place because they gained a child meanwhile or could not be removed.
    public var skippedSnapshots = 0
    public var abortedIngests = 0
    /// Expired leases (`containerd.io/gc.expire` in the past).
    public var removedLeases = 0
    /// Failures that did not stop the collection (a blob that could not be deleted, ...).
    public var errors: [String] = []
    public var durationNanos: Int64 = 0

    public init() {}
}

/// Tuning of a collection.
public struct GarbageCollectionOptions: Sendable {
    /// Ingests (partial uploads) untouched for longer than this, and held by no lease, are aborted.
    public var staleIngestAge: Int64 = 24 * 3600 * 1_000_000_000
    /// Blobs of unknown media type up to this size that start with `{` are parsed as possible manifests
    /// or indexes, so content reached through a lease or label still keeps its children.
    public var sniffLimit: Int64 = 4 << 20

    public init(staleIngestAge: Int64 = 24 * 3600 * 1_000_000_000, sniffLimit: Int64 = 4 << 20) {
        self.staleIngestAge = staleIngestAge
        self.sniffLimit = sniffLimit
    }
}
