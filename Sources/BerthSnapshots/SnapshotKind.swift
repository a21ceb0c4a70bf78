/// The three states of containerd's snapshot model. Active snapshots are writable and can be committed;
/// views are read-only and never committed; committed snapshots are immutable and can be parents.
public enum SnapshotKind: String, Sendable, Codable, CaseIterable {
    case active
    case view
    case committed
}
