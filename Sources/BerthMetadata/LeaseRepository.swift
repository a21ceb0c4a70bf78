import BerthCore
import BerthSnapshots
import GRDB

/// Leases per namespace and the resources attached to them.
public struct LeaseRepository: Sendable {
    let database: MetadataDatabase

    static func describe(_ namespace: String, _ id: String) -> String {
        "lease \"\(id)\" in namespace \"\(namespace)\""
    }

    @discardableResult
    public func create(namespace: String, id: String, labels: [String: String] = [:]) throws -> LeaseRecord {
        try Identifiers.validateNamespace(namespace)
        try Identifiers.validate(id, what: "lease", namespace: namespace)
        return try database.write { db in
            try MetadataDatabase.ensureNamespace(db, namespace)
            if try Self.find(db, namespace, id) != nil {
                throw BerthError(.alreadyExists, "\(Self.describe(namespace, id)): already exists")
            }
            let now = UnixTime.nowNanos()
            try db.execute(
                sql: "INSERT INTO leases (namespace, id, labels, created_at) VALUES (?, ?, ?, ?)",
                arguments: [namespace, id, try JSONColumn.encode(labels), now])
            return LeaseRecord(id: id, labels: labels, createdAt: now)
        }
    }

    public func get(namespace: String, id: String) throws -> LeaseRecord {
        try database.read { db in try Self.require(db, namespace, id) }
    }

    /// Filter fields: `id`, `labels.<k>`.
    public func list(namespace: String, filters: [String] = []) throws -> [LeaseRecord] {
        let filter = try Filters(filters)
        let all = try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM leases WHERE namespace = ? ORDER BY id", arguments: [namespace])
                .map { try Self.record($0, namespace) }
        }
        return all.filter { lease in
            filter.matches { path in
                switch (path.first, path.count) {
                case ("id", 1): return lease.id
                case ("labels", 2): return lease.labels[path[1]]
                default: return nil
                }
            }
        }
    }

    /// Deletes the lease and its resource list; what it protected becomes collectable.
    public func delete(namespace: String, id: String) throws {
        try database.write { db in
            try db.execute(sql: "DELETE FROM leases WHERE namespace = ? AND id = ?", arguments: [namespace, id])
            guard db.changesCount > 0 else {
                throw BerthError(.notFound, "\(Self.describe(namespace, id)): not found")
            }
        }
    }

    /// Idempotent, as in containerd.
    public func addResource(namespace: String, leaseID: String, resource: LeaseResource) throws {
        try Self.validate(resource, namespace, leaseID)
        try database.write { db in
            _ = try Self.require(db, namespace, leaseID)
            try db.execute(
                sql: "INSERT OR IGNORE INTO lease_resources (namespace, lease_id, type, resource_id) VALUES (?, ?, ?, ?)",
                arguments: [namespace, leaseID, resource.type, resource.id])
        }
    }

    /// Idempotent, as in containerd.
    public func deleteResource(namespace: String, leaseID: String, resource: LeaseResource) throws {
        try database.write { db in
            _ = try Self.require(db, namespace, leaseID)
            try db.execute(
                sql: "DELETE FROM lease_resources WHERE namespace = ? AND lease_id = ? AND type = ? AND resource_id = ?",
                arguments: [namespace, leaseID, resource.type, resource.id])
        }
    }

    public func listResources(namespace: String, leaseID: String) throws -> [LeaseResource] {
        try database.read { db in
            _ = try Self.require(db, namespace, leaseID)
            return try Row.fetchAll(
                db, sql: "SELECT type, resource_id FROM lease_resources WHERE namespace = ? AND lease_id = ? ORDER BY type, resource_id",
                arguments: [namespace, leaseID]
            ).map { LeaseResource(id: $0["resource_id"], type: $0["type"]) }
        }
    }

    static func validate(_ resource: LeaseResource, _ namespace: String, _ leaseID: String) throws {
        let what = "\(describe(namespace, leaseID)): resource \(resource.type) \"\(resource.id)\""
        guard !resource.id.isEmpty else { throw BerthError(.invalidArgument, "\(what): empty id") }
        switch resource.type {
        case "content":
            do { _ = try Digest(parsing: resource.id) } catch { throw BerthError(.invalidArgument, "\(what): invalid digest") }
        case "ingests":
            break
        default:
            guard let snapshotter = resource.snapshotter, !snapshotter.isEmpty else {
                throw BerthError(.invalidArgument, "\(what): unknown type (expected content, ingests or snapshots/<snapshotter>)")
            }
        }
    }

    static func find(_ db: Database, _ namespace: String, _ id: String) throws -> LeaseRecord? {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT * FROM leases WHERE namespace = ? AND id = ?", arguments: [namespace, id])
        else { return nil }
        return try record(row, namespace)
    }

    static func require(_ db: Database, _ namespace: String, _ id: String) throws -> LeaseRecord {
        guard let record = try find(db, namespace, id) else {
            throw BerthError(.notFound, "\(describe(namespace, id)): not found")
        }
        return record
    }

    static func record(_ row: Row, _ namespace: String) throws -> LeaseRecord {
        let id: String = row["id"]
        return LeaseRecord(
            id: id, labels: try JSONColumn.labels(row["labels"], what: "\(describe(namespace, id)) labels"),
            createdAt: row["created_at"])
    }
}
