import BerthCore
import BerthLinux
#if canImport(Glibc)
import Glibc
#endif

/// containerd's overlayfs snapshotter: each snapshot owns `snapshots/<id>/fs` (its layer, the upper dir
/// while active) and `work` (overlay's workdir); a child stacks its ancestors' `fs` as lowerdirs.
public final class OverlaySnapshotter: Snapshotter {
    public let name = "overlayfs"
    public let root: String
    let storage: SnapshotStorage

    /// `root` is this snapshotter's own directory, conventionally `<supervisor root>/snapshots/overlayfs`.
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
        let (record, ancestors) = try storage.create(
            namespace: namespace, key: key, parent: parent, labels: labels, kind: kind
        ) { directory, _ in
            try FileIO.mkdirAll(directory + "/work", mode: 0o711)
        }
        do {
            return try mounts(for: record, ancestors: ancestors)
        } catch {
            // Refuse the snapshot rather than leave one that can never be mounted.
            try? storage.remove(namespace: namespace, key: key)
            throw error
        }
    }

    public func mounts(namespace: String, key: String) throws -> [Mount] {
        let (record, ancestors) = try storage.mountable(namespace: namespace, key: key)
        return try mounts(for: record, ancestors: ancestors)
    }

    /// The same shapes as containerd: no parent → a bind of `fs`; a view of one parent → a read-only
    /// bind of the parent's `fs` (overlay needs two lowers without an upper); otherwise overlay.
    func mounts(for record: SnapshotStorage.Record, ancestors: [SnapshotStorage.Record]) throws -> [Mount] {
        if ancestors.isEmpty {
            return [Mount(type: "bind", source: storage.fsPath(record.id), options: [record.kind == .view ? "ro" : "rw", "rbind"])]
        }
        var options: [String] = []
        if record.kind == .active {
            options.append("workdir=\(storage.workPath(record.id))")
            options.append("upperdir=\(storage.fsPath(record.id))")
        } else if ancestors.count == 1 {
            return [Mount(type: "bind", source: storage.fsPath(ancestors[0].id), options: ["ro", "rbind"])]
        }
        options.append("lowerdir=" + ancestors.map { storage.fsPath($0.id) }.joined(separator: ":"))
        let dataLength = options.joined(separator: ",").utf8.count
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        // mount(2) copies at most one page of filesystem data: a longer option string would be cut.
        guard dataLength < pageSize else {
            throw BerthError(
                .unsupported,
                "\(SnapshotStorage.describe(record.namespace, record.key)): overlay options take \(dataLength) bytes for "
                    + "\(ancestors.count) lower layers, over the \(pageSize)-byte page limit of mount(2)")
        }
        return [Mount(type: "overlay", source: "overlay", options: options)]
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
