import BerthCore
import BerthLinux
import GRDB
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The part both snapshotters share: one SQLite database of snapshot records and one directory per
/// snapshot, `<root>/snapshots/<id>`, named by the record's id so that keys (arbitrary strings from
/// clients) never reach the filesystem and a long parent chain stays short in overlay options.
///
/// Directories change only inside the write transaction that changes their record (rename in, rename
/// out), so a crash leaves at worst a directory without a record, which `cleanup()` removes.
final class SnapshotStorage: Sendable {
    struct Record: Sendable {
        var id: Int64
        var namespace: String
        var key: String
        var parentID: Int64?
        var kind: SnapshotKind
        var labels: [String: String]
        var createdAt: Int64
        var updatedAt: Int64
        var size: Int64
        var inodes: Int64
    }

    let root: String
    let snapshotsDirectory: String
    let database: DatabasePool
    /// Temporary directories of prepares in flight, which cleanup() must not take for crash leftovers.
    private let creating = Mutex<Set<String>>([])

    init(root: String) throws {
        self.root = root
        snapshotsDirectory = root + "/snapshots"
        try FileIO.mkdirAll(snapshotsDirectory, mode: 0o700)
        let path = root + "/metadata.db"
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        do {
            database = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(database)
        } catch {
            throw BerthError(.system, "open snapshot metadata \(path)", cause: "\(error)")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE snapshots (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    namespace TEXT NOT NULL,
                    key TEXT NOT NULL,
                    parent_id INTEGER REFERENCES snapshots(id),
                    kind TEXT NOT NULL,
                    labels TEXT NOT NULL DEFAULT '{}',
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    size INTEGER NOT NULL DEFAULT 0,
                    inodes INTEGER NOT NULL DEFAULT 0,
                    UNIQUE (namespace, key)
                );
                CREATE INDEX snapshots_by_parent ON snapshots(parent_id);
                """)
        }
        return migrator
    }

    func directory(_ id: Int64) -> String { snapshotsDirectory + "/\(id)" }
    func fsPath(_ id: Int64) -> String { directory(id) + "/fs" }
    func workPath(_ id: Int64) -> String { directory(id) + "/work" }

    static func describe(_ namespace: String, _ key: String) -> String {
        "snapshot \"\(key)\" in namespace \"\(namespace)\""
    }

    // MARK: database access with errors translated

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch let error as BerthError {
            throw error
        } catch {
            throw BerthError(.system, "read snapshot metadata in \(root)", cause: "\(error)")
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.write(body)
        } catch let error as BerthError {
            throw error
        } catch {
            throw BerthError(.system, "write snapshot metadata in \(root)", cause: "\(error)")
        }
    }

    // MARK: records

    static func record(from row: Row) throws -> Record {
        let kindText: String = row["kind"]
        guard let kind = SnapshotKind(rawValue: kindText) else {
            throw BerthError(.invalidConfig, "snapshot record \(row["id"] as Int64): unknown kind \"\(kindText)\"")
        }
        return Record(
            id: row["id"], namespace: row["namespace"], key: row["key"], parentID: row["parent_id"], kind: kind,
            labels: try LabelsColumn.decode(row["labels"]), createdAt: row["created_at"], updatedAt: row["updated_at"],
            size: row["size"], inodes: row["inodes"])
    }

    func find(_ db: Database, _ namespace: String, _ key: String) throws -> Record? {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT * FROM snapshots WHERE namespace = ? AND key = ?", arguments: [namespace, key])
        else { return nil }
        return try Self.record(from: row)
    }

    func require(_ db: Database, _ namespace: String, _ key: String) throws -> Record {
        guard let record = try find(db, namespace, key) else {
            throw BerthError(.notFound, "\(Self.describe(namespace, key)): not found")
        }
        return record
    }

    func find(_ db: Database, id: Int64) throws -> Record? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM snapshots WHERE id = ?", arguments: [id]) else {
            return nil
        }
        return try Self.record(from: row)
    }

    /// Ancestors, nearest first.
    func ancestors(_ db: Database, of record: Record) throws -> [Record] {
        var chain: [Record] = []
        var next = record.parentID
        while let id = next {
            guard let parent = try find(db, id: id) else {
                throw BerthError(.invalidConfig, "\(Self.describe(record.namespace, record.key)): parent record \(id) is missing")
            }
            chain.append(parent)
            next = parent.parentID
        }
        return chain
    }

    func info(_ db: Database, _ record: Record) throws -> SnapshotInfo {
        var parentName: String?
        if let parentID = record.parentID {
            parentName = try String.fetchOne(db, sql: "SELECT key FROM snapshots WHERE id = ?", arguments: [parentID])
        }
        return SnapshotInfo(
            name: record.key, parent: parentName, kind: record.kind, labels: record.labels,
            createdAt: record.createdAt, updatedAt: record.updatedAt)
    }

    static func validate(namespace: String, key: String, what: String = "key") throws {
        guard !namespace.isEmpty else { throw BerthError(.invalidArgument, "snapshot \(what) \"\(key)\": empty namespace") }
        guard !key.isEmpty else { throw BerthError(.invalidArgument, "snapshot in namespace \"\(namespace)\": empty \(what)") }
    }

    // MARK: operations

    /// Creates an active snapshot or view. `populate` fills the new directory (which already holds an
    /// empty `fs`) from the parent chain, before the record exists; the record and the directory's
    /// final name then appear together in one transaction.
    func create(
        namespace: String, key: String, parent: String?, labels: [String: String], kind: SnapshotKind,
        populate: (_ directory: String, _ ancestors: [Record]) throws -> Void
    ) throws -> (Record, [Record]) {
        try Self.validate(namespace: namespace, key: key)
        let tempName = "new-\(UInt64.random(in: 0...UInt64.max))"
        let temp = snapshotsDirectory + "/" + tempName
        creating.withLock { _ = $0.insert(tempName) }
        defer { creating.withLock { _ = $0.remove(tempName) } }
        do {
            let chain: [Record] = try read { db in
                if try find(db, namespace, key) != nil {
                    throw BerthError(.alreadyExists, "\(Self.describe(namespace, key)): already exists")
                }
                guard let parent else { return [] }
                let parentRecord = try committedParent(db, namespace, parent, child: key)
                return [parentRecord] + (try ancestors(db, of: parentRecord))
            }
            try FileIO.mkdirAll(temp + "/fs", mode: 0o755)
            try populate(temp, chain)
            let record = try write { db -> Record in
                if try find(db, namespace, key) != nil {
                    throw BerthError(.alreadyExists, "\(Self.describe(namespace, key)): already exists")
                }
                // The parent may have been removed while the directory was populated.
                if let parent, try committedParent(db, namespace, parent, child: key).id != chain.first?.id {
                    throw BerthError(.illegalState, "\(Self.describe(namespace, key)): parent \"\(parent)\" changed during prepare")
                }
                let now = UnixTime.nowNanos()
                try db.execute(
                    sql: """
                        INSERT INTO snapshots (namespace, key, parent_id, kind, labels, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [namespace, key, chain.first?.id, kind.rawValue, try LabelsColumn.encode(labels), now, now])
                let id = db.lastInsertedRowID
                guard rename(temp, directory(id)) == 0 else {
                    throw BerthError.sys("\(Self.describe(namespace, key)): rename \(temp) to \(directory(id))")
                }
                return Record(
                    id: id, namespace: namespace, key: key, parentID: chain.first?.id, kind: kind, labels: labels,
                    createdAt: now, updatedAt: now, size: 0, inodes: 0)
            }
            return (record, chain)
        } catch {
            FileIO.removeAll(temp)
            throw error
        }
    }

    private func committedParent(_ db: Database, _ namespace: String, _ parent: String, child: String) throws -> Record {
        guard let record = try find(db, namespace, parent) else {
            throw BerthError(.notFound, "\(Self.describe(namespace, child)): parent snapshot \"\(parent)\" not found")
        }
        guard record.kind == .committed else {
            throw BerthError(
                .invalidArgument,
                "\(Self.describe(namespace, child)): parent snapshot \"\(parent)\" is \(record.kind.rawValue), not committed")
        }
        return record
    }

    /// The record of an active snapshot or view with its ancestors, for computing mounts.
    func mountable(namespace: String, key: String) throws -> (Record, [Record]) {
        try Self.validate(namespace: namespace, key: key)
        return try read { db in
            let record = try require(db, namespace, key)
            guard record.kind != .committed else {
                throw BerthError(.illegalState, "\(Self.describe(namespace, key)): committed snapshots have no mounts")
            }
            return (record, try ancestors(db, of: record))
        }
    }

    func commit(namespace: String, name: String, key: String, labels: [String: String]) throws {
        try Self.validate(namespace: namespace, key: key)
        try Self.validate(namespace: namespace, key: name, what: "name")
        let active = try read { db in try require(db, namespace, key) }
        guard active.kind == .active else {
            throw BerthError(.illegalState, "\(Self.describe(namespace, key)): cannot commit a \(active.kind.rawValue) snapshot")
        }
        // Measured outside the transaction (a large layer takes a while); the layer is the caller's
        // to stop writing before commit, as in containerd.
        let usage = try DiskUsage.measure(fsPath(active.id))
        try write { db in
            let current = try require(db, namespace, key)
            guard current.id == active.id, current.kind == .active else {
                throw BerthError(.illegalState, "\(Self.describe(namespace, key)): changed during commit")
            }
            if try find(db, namespace, name) != nil {
                throw BerthError(.alreadyExists, "\(Self.describe(namespace, name)): already exists")
            }
            let now = UnixTime.nowNanos()
            try db.execute(
                sql: """
                    UPDATE snapshots SET key = ?, kind = ?, labels = ?, created_at = ?, updated_at = ?, size = ?, inodes = ?
                    WHERE id = ?
                    """,
                arguments: [name, SnapshotKind.committed.rawValue, try LabelsColumn.encode(labels), now, now,
                            usage.size, usage.inodes, active.id])
        }
    }

    func remove(namespace: String, key: String) throws {
        try Self.validate(namespace: namespace, key: key)
        let doomed: String = try write { db in
            let record = try require(db, namespace, key)
            let children = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM snapshots WHERE parent_id = ?", arguments: [record.id]) ?? 0
            guard children == 0 else {
                throw BerthError(.illegalState, "\(Self.describe(namespace, key)): has \(children) child snapshot(s)")
            }
            try db.execute(sql: "DELETE FROM snapshots WHERE id = ?", arguments: [record.id])
            let doomed = snapshotsDirectory + "/rm-\(record.id)"
            guard rename(directory(record.id), doomed) == 0 || errno == ENOENT else {
                throw BerthError.sys("\(Self.describe(namespace, key)): rename \(directory(record.id)) to \(doomed)")
            }
            return doomed
        }
        FileIO.removeAll(doomed)
    }

    func stat(namespace: String, key: String) throws -> SnapshotInfo {
        try Self.validate(namespace: namespace, key: key)
        return try read { db in try info(db, try require(db, namespace, key)) }
    }

    func update(namespace: String, info: SnapshotInfo, fieldPaths: [String]) throws -> SnapshotInfo {
        try Self.validate(namespace: namespace, key: info.name)
        return try write { db in
            var record = try require(db, namespace, info.name)
            if fieldPaths.isEmpty {
                record.labels = info.labels
            }
            for path in fieldPaths {
                if path == "labels" {
                    record.labels = info.labels
                } else if path.hasPrefix("labels.") {
                    let label = String(path.dropFirst("labels.".count))
                    record.labels[label] = info.labels[label]
                } else {
                    throw BerthError(
                        .invalidArgument, "\(Self.describe(namespace, info.name)): cannot update field \"\(path)\" (only labels)")
                }
            }
            record.updatedAt = UnixTime.nowNanos()
            try db.execute(
                sql: "UPDATE snapshots SET labels = ?, updated_at = ? WHERE id = ?",
                arguments: [try LabelsColumn.encode(record.labels), record.updatedAt, record.id])
            return try self.info(db, record)
        }
    }

    func list(namespace: String, filters: [String]) throws -> [SnapshotInfo] {
        let filter = try Filters(filters)
        let infos = try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM snapshots WHERE namespace = ? ORDER BY key", arguments: [namespace]
            ).map { try info(db, try Self.record(from: $0)) }
        }
        return infos.filter { info in filter.matches { Self.field(of: info, $0) } }
    }

    static func field(of info: SnapshotInfo, _ path: [String]) -> String? {
        switch path.first {
        case "name": return path.count == 1 ? info.name : nil
        case "parent": return path.count == 1 ? info.parent : nil
        case "kind": return path.count == 1 ? info.kind.rawValue : nil
        case "labels": return path.count == 2 ? info.labels[path[1]] : nil
        default: return nil
        }
    }

    /// Usage of the snapshot's own directory: measured now for active snapshots and views, as recorded
    /// at commit for committed ones (their layer no longer changes).
    func usage(namespace: String, key: String) throws -> SnapshotUsage {
        try Self.validate(namespace: namespace, key: key)
        let record = try read { db in try require(db, namespace, key) }
        if record.kind == .committed { return SnapshotUsage(size: record.size, inodes: record.inodes) }
        return try DiskUsage.measure(fsPath(record.id))
    }

    func cleanup() throws -> Int {
        // Inside the write transaction: no prepare can rename a directory in or out meanwhile.
        let doomed: [String] = try write { db in
            let ids = Set(try Int64.fetchAll(db, sql: "SELECT id FROM snapshots"))
            let inFlight = creating.withLock { $0 }
            var doomed: [String] = []
            for name in try FileIO.list(snapshotsDirectory) {
                if let id = Int64(name), ids.contains(id) { continue }
                if inFlight.contains(name) { continue }
                // Ids are never reused (AUTOINCREMENT), so an orphan cannot regain a record later.
                doomed.append(snapshotsDirectory + "/" + name)
            }
            return doomed
        }
        for path in doomed { FileIO.removeAll(path) }
        return doomed.count
    }

    func namespaces() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT namespace FROM snapshots ORDER BY namespace") }
    }
}
