/// What a snapshotter reports about one snapshot. `name` is the key of an active snapshot or view and
/// the committed name of a committed one.
public struct SnapshotInfo: Sendable, Equatable {
    public var name: String
    /// The committed parent's name, nil for a base layer.
    public var parent: String?
    public var kind: SnapshotKind
    public var labels: [String: String]
    /// Unix time in nanoseconds.
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(
        name: String, parent: String? = nil, kind: SnapshotKind, labels: [String: String] = [:],
        createdAt: Int64 = 0, updatedAt: Int64 = 0
    ) {
        self.name = name
        self.parent = parent
        self.kind = kind
        self.labels = labels
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Disk use of a snapshot's own layer (not its parents').
public struct SnapshotUsage: Sendable, Equatable {
    /// Allocated bytes (st_blocks × 512, like containerd's continuity/fs.DiskUsage).
    public var size: Int64
    /// Distinct inodes; hardlinks count once.
    public var inodes: Int64

    public init(size: Int64 = 0, inodes: Int64 = 0) {
        self.size = size
        self.inodes = inodes
    }
}
