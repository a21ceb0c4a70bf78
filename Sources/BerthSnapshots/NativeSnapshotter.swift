import BerthCore
import BerthLinux

/// A copy-based snapshotter for filesystems that cannot hold overlay upper dirs (containerd's
/// "native"): every snapshot's `fs` is a full copy of its parent's, mounted with a bind.
public final class NativeSnapshotter: Snapshotter {
    public let name = "native"
    public let root: String
    let storage: SnapshotStorage

    /// `root` is this snapshotter's own directory, conventionally `<supervisor root>/snapshots/native`.
    public init(root: String) throws {
        self.root = root
        storage = try SnapshotStorage(root: root)
    }

    public func prepare(namespace: String, key: String, parent: String?, labels: [String: String]) throws -> [Mount] {
        try create(namespace: namespace, key: key, parent: parent, labels: labels, kind: .active)
    }

    public func view(namespace: String, key: String, parent: String?, labels: [String: String]) throws -> [Mount] {
        try create(namespace: namespace, key: key, parent: parent, labels: labels, kind: .view)
    }

    private func create(
        namespace: String, key: String, parent: String?, labels: [String: String], kind: SnapshotKind
    ) throws -> [Mount] {
        let (record, _) = try storage.create(
            namespace: namespace, key: key, parent: parent, labels: labels, kind: kind
        ) { directory, ancestors in
            guard let parent = ancestors.first else { return }
            // The parent's fs already contains everything below it: one copy is the whole chain.
            var copier = TreeCopier()
            try copier.copyContents(of: storage.fsPath(parent.id), into: directory + "/fs")
        }
        return mounts(for: record)
    }

    public func mounts(namespace: String, key: String) throws -> [Mount] {
        let (record, _) = try storage.mountable(namespace: namespace, key: key)
        return mounts(for: record)
    }

    func mounts(for record: SnapshotStorage.Record) -> [Mount] {
        [Mount(type: "bind", source: storage.fsPath(record.id), options: [record.kind == .view ? "ro" : "rw", "rbind"])]
    }

    public func commit(namespace: String, name: String, key: String, labels: [String: String]) throws {
        try storage.commit(namespace: namespace, name: name, key: key, labels: labels)
    }

    public func remove(namespace: String, key: String) throws {
        try storage.remove(namespace: namespace, key: key)
    }

    public func stat(namespace: String, key: String) throws -> SnapshotInfo {
        try storage.stat(namespace: namespace, key: key)
    }

    public func update(namespace: String, info: SnapshotInfo, fieldPaths: [String]) throws -> SnapshotInfo {
        try storage.update(namespace: namespace, info: info, fieldPaths: fieldPaths)
    }

    public func list(namespace: String, filters: [String]) throws -> [SnapshotInfo] {
        try storage.list(namespace: namespace, filters: filters)
    }

    /// For native snapshots this is the whole copied tree: every layer is a full copy.
    public func usage(namespace: String, key: String) throws -> SnapshotUsage {
        try storage.usage(namespace: namespace, key: key)
    }

    @discardableResult public func cleanup() throws -> Int {
        try storage.cleanup()
    }

    public func namespaces() throws -> [String] {
        try storage.namespaces()
    }
}
