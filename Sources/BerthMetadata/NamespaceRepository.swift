import BerthCore
import BerthSnapshots
import GRDB

/// Namespaces. Any create in another repository creates its namespace implicitly; deleting one is
/// refused while it still holds images, containers, content, leases or snapshots.
public struct NamespaceRepository: Sendable {
    let database: MetadataDatabase

    public func list() throws -> [NamespaceRecord] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM namespaces ORDER BY name").map(Self.record)
        }
    }

    public func get(_ name: String) throws -> NamespaceRecord {
        try database.read { db in try Self.require(db, name) }
    }

    @discardableResult
    public func create(_ name: String, labels: [String: String] = [:]) throws -> NamespaceRecord {
        try Identifiers.validateNamespace(name)
        return try database.write { db in
            if try Row.fetchOne(db, sql: "SELECT 1 FROM namespaces WHERE name = ?", arguments: [name]) != nil {
                throw BerthError(.alreadyExists, "namespace \"\(name)\": already exists")
            }
            let now = UnixTime.nowNanos()
            try db.execute(
                sql: "INSERT INTO namespaces (name, labels, created_at, updated_at) VALUES (?, ?, ?, ?)",
                arguments: [name, try JSONColumn.encode(labels), now, now])
            return NamespaceRecord(name: name, labels: labels, createdAt: now, updatedAt: now)
        }
    }

    /// Field paths: empty or `labels` replace all labels, `labels.<k>` sets or removes one.
    @discardableResult
    public func update(_ namespace: NamespaceRecord, fieldPaths: [String] = []) throws -> NamespaceRecord {
        try database.write { db in
            var record = try Self.require(db, namespace.name)
            for path in fieldPaths.isEmpty ? ["labels"] : fieldPaths {
                guard LabelFieldPath.apply(path, from: namespace.labels, to: &record.labels) else {
                    throw BerthError(.invalidArgument, "namespace \"\(namespace.name)\": cannot update field \"\(path)\"")
                }
            }
            record.updatedAt = UnixTime.nowNanos()
            try db.execute(
                sql: "UPDATE namespaces SET labels = ?, updated_at = ? WHERE name = ?",
                arguments: [try JSONColumn.encode(record.labels), record.updatedAt, record.name])
            return record
        }
    }

    /// `snapshotters` are asked too: their snapshots live in their own databases.
    public func delete(_ name: String, snapshotters: [any Snapshotter] = []) throws {
        for snapshotter in snapshotters where try !snapshotter.list(namespace: name).isEmpty {
            throw BerthError(.illegalState, "namespace \"\(name)\": not empty (snapshots in \(snapshotter.name))")
        }
        try database.write { db in
            _ = try Self.require(db, name)
            for table in ["images", "containers", "content", "leases"] {
                let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE namespace = ?", arguments: [name]) ?? 0
                if count > 0 {
                    throw BerthError(.illegalState, "namespace \"\(name)\": not empty (\(count) \(table))")
                }
            }
            try db.execute(sql: "DELETE FROM namespaces WHERE name = ?", arguments: [name])
        }
    }

    static func require(_ db: Database, _ name: String) throws -> NamespaceRecord {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM namespaces WHERE name = ?", arguments: [name]) else {
            throw BerthError(.notFound, "namespace \"\(name)\": not found")
        }
        return try record(row)
    }

    static func record(_ row: Row) throws -> NamespaceRecord {
        let name: String = row["name"]
        return NamespaceRecord(
            name: name, labels: try JSONColumn.labels(row["labels"], what: "namespace \"\(name)\" labels"),
            createdAt: row["created_at"], updatedAt: row["updated_at"])
    }
}
