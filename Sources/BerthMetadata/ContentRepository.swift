import BerthCore
import BerthSnapshots
import GRDB

/// Per-namespace content records over the shared blob store. Deleting a record only hides the blob from
/// the namespace; the garbage collector removes the blob once no namespace records it.
public struct ContentRepository: Sendable {
    let database: MetadataDatabase

    static func describe(_ namespace: String, _ digest: Digest) -> String {
        "content \(digest) in namespace \"\(namespace)\""
    }

    /// Records a blob in a namespace. `commitBlob` runs inside the write transaction, so a blob
    /// committed (or found already present) there cannot be collected before its record exists: the
    /// collector holds the same write lock while it decides which blobs to delete. It returns the
    /// blob's digest and size. Refused with `.alreadyExists` when the namespace already has it.
    @discardableResult
    public func add(
        namespace: String, labels: [String: String] = [:], committing commitBlob: () throws -> (digest: Digest, size: Int64)
    ) throws -> ContentRecord {
        try Identifiers.validateNamespace(namespace)
        return try database.write { db in
            try MetadataDatabase.ensureNamespace(db, namespace)
            let (digest, size) = try commitBlob()
            if try Self.find(db, namespace, digest) != nil {
                throw BerthError(.alreadyExists, "\(Self.describe(namespace, digest)): already exists")
            }
            let now = UnixTime.nowNanos()
            try db.execute(
                sql: "INSERT INTO content (namespace, digest, size, labels, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [namespace, digest.description, size, try JSONColumn.encode(labels), now, now])
            return ContentRecord(digest: digest, size: size, labels: labels, createdAt: now, updatedAt: now)
        }
    }

    /// Records a blob the caller knows to be in the store (prefer `add(namespace:labels:committing:)`,
    /// which closes the race with a concurrent garbage collection).
    @discardableResult
    public func add(namespace: String, digest: Digest, size: Int64, labels: [String: String] = [:]) throws -> ContentRecord {
        try add(namespace: namespace, labels: labels) { (digest, size) }
    }

    public func info(namespace: String, digest: Digest) throws -> ContentRecord {
        try database.read { db in
            guard let record = try Self.find(db, namespace, digest) else {
                throw BerthError(.notFound, "\(Self.describe(namespace, digest)): not found")
            }
            return record
        }
    }

    public func exists(namespace: String, digest: Digest) throws -> Bool {
        try database.read { db in try Self.find(db, namespace, digest) != nil }
    }

    /// Filter fields: `digest`, `size`, `labels.<k>`.
    public func list(namespace: String, filters: [String] = []) throws -> [ContentRecord] {
        let filter = try Filters(filters)
        let all = try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM content WHERE namespace = ? ORDER BY digest", arguments: [namespace])
                .map { try Self.record($0, namespace) }
        }
        return all.filter { record in
            filter.matches { path in
                switch (path.first, path.count) {
                case ("digest", 1): return record.digest.description
                case ("size", 1): return String(record.size)
                case ("labels", 2): return record.labels[path[1]]
                default: return nil
                }
            }
        }
    }

    /// Labels only: empty paths or `labels` replace all, `labels.<k>` sets or removes one.
    @discardableResult
    public func update(namespace: String, record new: ContentRecord, fieldPaths: [String] = []) throws -> ContentRecord {
        try database.write { db in
            guard var record = try Self.find(db, namespace, new.digest) else {
                throw BerthError(.notFound, "\(Self.describe(namespace, new.digest)): not found")
            }
            for path in fieldPaths.isEmpty ? ["labels"] : fieldPaths {
                guard LabelFieldPath.apply(path, from: new.labels, to: &record.labels) else {
                    throw BerthError(.invalidArgument, "\(Self.describe(namespace, new.digest)): cannot update field \"\(path)\"")
                }
            }
            record.updatedAt = UnixTime.nowNanos()
            try db.execute(
                sql: "UPDATE content SET labels = ?, updated_at = ? WHERE namespace = ? AND digest = ?",
                arguments: [try JSONColumn.encode(record.labels), record.updatedAt, namespace, record.digest.description])
            return record
        }
    }

    /// Removes the namespace's record; the blob stays until garbage collection.
    public func delete(namespace: String, digest: Digest) throws {
        try database.write { db in
            try db.execute(
                sql: "DELETE FROM content WHERE namespace = ? AND digest = ?", arguments: [namespace, digest.description])
            guard db.changesCount > 0 else {
                throw BerthError(.notFound, "\(Self.describe(namespace, digest)): not found")
            }
        }
    }

    static func find(_ db: Database, _ namespace: String, _ digest: Digest) throws -> ContentRecord? {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT * FROM content WHERE namespace = ? AND digest = ?", arguments: [namespace, digest.description])
        else { return nil }
        return try record(row, namespace)
    }

    static func record(_ row: Row, _ namespace: String) throws -> ContentRecord {
        let digest = try Digest(parsing: row["digest"])
        return ContentRecord(
            digest: digest, size: row["size"],
            labels: try JSONColumn.labels(row["labels"], what: "\(describe(namespace, digest)) labels"),
            createdAt: row["created_at"], updatedAt: row["updated_at"])
    }
}
