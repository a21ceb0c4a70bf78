/// containerd's snapshotter contract. Keys and names are scoped by namespace: the same key in two
/// namespaces names two unrelated snapshots. Snapshotters return mounts and never mount anything.
public protocol Snapshotter: Sendable {
    /// The name clients use to pick this snapshotter ("overlayfs", "native"), also used in GC labels
    /// (`containerd.io/gc.ref.snapshot.<name>`) and lease resource types (`snapshots/<name>`).
    var name: String { get }

    /// A new writable snapshot on top of the committed `parent` (nil: an empty one).
    func prepare(namespace: String, key: String, parent: String?, labels: [String: String]) throws -> [Mount]
    /// A new read-only snapshot of the committed `parent`.
    func view(namespace: String, key: String, parent: String?, labels: [String: String]) throws -> [Mount]
    /// The mounts of an active snapshot or view (committed snapshots have none).
    func mounts(namespace: String, key: String) throws -> [Mount]
    /// Turns the active snapshot `key` into the committed snapshot `name`; `key` stops existing.
    func commit(namespace: String, name: String, key: String, labels: [String: String]) throws
    /// Refused with `.illegalState` while other snapshots use this one as their parent.
    func remove(namespace: String, key: String) throws
    func stat(namespace: String, key: String) throws -> SnapshotInfo
    /// Updates labels only. Field paths: empty or `labels` replace all labels; `labels.<k>` sets or
    /// (when absent from `info`) removes one.
    func update(namespace: String, info: SnapshotInfo, fieldPaths: [String]) throws -> SnapshotInfo
    /// containerd filter strings (`kind==committed`, `parent==x`, `labels."k"==v`); several are ORed.
    func list(namespace: String, filters: [String]) throws -> [SnapshotInfo]
    func usage(namespace: String, key: String) throws -> SnapshotUsage
    /// Removes directories without a metadata record (left by a crash mid-prepare or mid-remove).
    /// Returns how many were removed.
    @discardableResult func cleanup() throws -> Int
    /// Every namespace holding at least one snapshot (for the garbage collector).
    func namespaces() throws -> [String]
}

extension Snapshotter {
    public func prepare(namespace: String, key: String, parent: String? = nil) throws -> [Mount] {
        try prepare(namespace: namespace, key: key, parent: parent, labels: [:])
    }

    public func view(namespace: String, key: String, parent: String?) throws -> [Mount] {
        try view(namespace: namespace, key: key, parent: parent, labels: [:])
    }

    public func commit(namespace: String, name: String, key: String) throws {
        try commit(namespace: namespace, name: name, key: key, labels: [:])
    }

    public func list(namespace: String) throws -> [SnapshotInfo] {
        try list(namespace: namespace, filters: [])
    }
}
