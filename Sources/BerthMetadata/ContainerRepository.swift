import BerthCore
import BerthSnapshots
import FoundationEssentials
import GRDB

/// Containers per namespace, with containerd's update rules: runtime and snapshotter are immutable.
public struct ContainerRepository: Sendable {
    let database: MetadataDatabase

    static func describe(_ namespace: String, _ id: String) -> String {
        "container \"\(id)\" in namespace \"\(namespace)\""
    }

    @discardableResult
    public func create(namespace: String, container: ContainerRecord) throws -> ContainerRecord {
        try Identifiers.validateNamespace(namespace)
        try Identifiers.validate(container.id, what: "container", namespace: namespace)
        guard !container.runtime.name.isEmpty else {
            throw BerthError(.invalidArgument, "\(Self.describe(namespace, container.id)): runtime name is required")
        }
        if !container.snapshotKey.isEmpty && container.snapshotter.isEmpty {
            throw BerthError(.invalidArgument, "\(Self.describe(namespace, container.id)): snapshot key set without a snapshotter")
        }
        return try database.write { db in
            try MetadataDatabase.ensureNamespace(db, namespace)
            if try Self.find(db, namespace, container.id) != nil {
                throw BerthError(.alreadyExists, "\(Self.describe(namespace, container.id)): already exists")
            }
            var record = container
            let now = UnixTime.nowNanos()
            record.createdAt = now
            record.updatedAt = now
            try db.execute(
                sql: """
                    INSERT INTO containers (namespace, id, labels, image, runtime_name, runtime_options_type, runtime_options,
                        spec_type, spec, snapshotter, snapshot_key, sandbox_id, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [namespace, record.id, try JSONColumn.encode(record.labels), record.image, record.runtime.name,
                            record.runtime.options?.typeURL, record.runtime.options.map { Self.blob($0.value) },
                            record.spec?.typeURL, record.spec.map { Self.blob($0.value) },
                            record.snapshotter, record.snapshotKey, record.sandboxID, now, now])
            try Self.writeExtensions(db, namespace, record)
            return record
        }
    }

    public func get(namespace: String, id: String) throws -> ContainerRecord {
        try database.read { db in
            guard let record = try Self.find(db, namespace, id) else {
                throw BerthError(.notFound, "\(Self.describe(namespace, id)): not found")
            }
            return record
        }
    }

    /// Filter fields: `id`, `image`, `runtime.name`, `snapshotter`, `snapshotkey`, `sandbox`, `labels.<k>`.
    public func list(namespace: String, filters: [String] = []) throws -> [ContainerRecord] {
        let filter = try Filters(filters)
        let all = try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM containers WHERE namespace = ? ORDER BY id", arguments: [namespace])
                .map { try Self.record(db, $0, namespace) }
        }
        return all.filter { container in filter.matches { Self.field(of: container, $0) } }
    }

    static func field(of container: ContainerRecord, _ path: [String]) -> String? {
        switch (path.first, path.count) {
        case ("id", 1): return container.id
        case ("image", 1): return container.image
        case ("runtime", 2) where path[1] == "name": return container.runtime.name
        case ("snapshotter", 1): return container.snapshotter
        case ("snapshotkey", 1), ("snapshot_key", 1): return container.snapshotKey
        case ("sandbox", 1), ("sandbox_id", 1): return container.sandboxID
        case ("labels", 2): return container.labels[path[1]]
        default: return nil
        }
    }

    /// Field paths: `labels`, `labels.<k>`, `extensions`, `extensions.<k>`, `image`, `spec`,
    /// `snapshotkey`. Empty replaces all of those. `runtime` and `snapshotter` are immutable: an
    /// update naming them, or (with empty paths) changing them, is refused.
    @discardableResult
    public func update(namespace: String, container: ContainerRecord, fieldPaths: [String] = []) throws -> ContainerRecord {
        let what = Self.describe(namespace, container.id)
        return try database.write { db in
            guard var record = try Self.find(db, namespace, container.id) else {
                throw BerthError(.notFound, "\(what): not found")
            }
            if fieldPaths.isEmpty {
                guard container.runtime.name == record.runtime.name else {
                    throw BerthError(.invalidArgument, "\(what): runtime is immutable")
                }
                guard container.snapshotter == record.snapshotter else {
                    throw BerthError(.invalidArgument, "\(what): snapshotter is immutable")
                }
            }
            for path in fieldPaths.isEmpty ? ["labels", "extensions", "image", "spec", "snapshotkey"] : fieldPaths {
                if LabelFieldPath.apply(path, from: container.labels, to: &record.labels) { continue }
                if path == "extensions" {
                    record.extensions = container.extensions
                    continue
                }
                if path.hasPrefix("extensions.") {
                    let key = String(path.dropFirst("extensions.".count))
                    record.extensions[key] = container.extensions[key]
                    continue
                }
                switch path {
                case "image": record.image = container.image
                case "spec": record.spec = container.spec
                case "snapshotkey", "snapshot_key": record.snapshotKey = container.snapshotKey
                case "runtime", "snapshotter":
                    throw BerthError(.invalidArgument, "\(what): \(path) is immutable")
                default:
                    throw BerthError(.invalidArgument, "\(what): cannot update field \"\(path)\"")
                }
            }
            record.updatedAt = UnixTime.nowNanos()
            try db.execute(
                sql: """
                    UPDATE containers SET labels = ?, image = ?, spec_type = ?, spec = ?, snapshot_key = ?, updated_at = ?
                    WHERE namespace = ? AND id = ?
                    """,
                arguments: [try JSONColumn.encode(record.labels), record.image, record.spec?.typeURL,
                            record.spec.map { Self.blob($0.value) }, record.snapshotKey, record.updatedAt,
                            namespace, record.id])
            try db.execute(
                sql: "DELETE FROM container_extensions WHERE namespace = ? AND container_id = ?",
                arguments: [namespace, record.id])
            try Self.writeExtensions(db, namespace, record)
            return record
        }
    }

    public func delete(namespace: String, id: String) throws {
        try database.write { db in
            try db.execute(sql: "DELETE FROM containers WHERE namespace = ? AND id = ?", arguments: [namespace, id])
            guard db.changesCount > 0 else {
                throw BerthError(.notFound, "\(Self.describe(namespace, id)): not found")
            }
        }
    }

    // MARK: rows

    /// Bytes go in as SQLite blobs (GRDB speaks Foundation's Data for them).
    static func blob(_ bytes: [UInt8]) -> Data {
        Data(bytes)
    }

    static func bytes(_ row: Row, _ column: String) -> [UInt8]? {
        (row[column] as Data?).map { Array($0) }
    }

    static func writeExtensions(_ db: Database, _ namespace: String, _ record: ContainerRecord) throws {
        for (name, value) in record.extensions {
            try db.execute(
                sql: "INSERT INTO container_extensions (namespace, container_id, name, type, value) VALUES (?, ?, ?, ?, ?)",
                arguments: [namespace, record.id, name, value.typeURL, blob(value.value)])
        }
    }

    static func find(_ db: Database, _ namespace: String, _ id: String) throws -> ContainerRecord? {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT * FROM containers WHERE namespace = ? AND id = ?", arguments: [namespace, id])
        else { return nil }
        return try record(db, row, namespace)
    }

    static func record(_ db: Database, _ row: Row, _ namespace: String) throws -> ContainerRecord {
        let id: String = row["id"]
        var extensions: [String: TypedValue] = [:]
        for ext in try Row.fetchAll(
            db, sql: "SELECT name, type, value FROM container_extensions WHERE namespace = ? AND container_id = ?",
            arguments: [namespace, id])
        {
            extensions[ext["name"]] = TypedValue(typeURL: ext["type"], value: bytes(ext, "value") ?? [])
        }
        let optionsType: String? = row["runtime_options_type"]
        let specType: String? = row["spec_type"]
        return ContainerRecord(
            id: id,
            runtime: .init(name: row["runtime_name"], options: optionsType.map { TypedValue(typeURL: $0, value: bytes(row, "runtime_options") ?? []) }),
            labels: try JSONColumn.labels(row["labels"], what: "\(describe(namespace, id)) labels"),
            image: row["image"], spec: specType.map { TypedValue(typeURL: $0, value: bytes(row, "spec") ?? []) },
            snapshotter: row["snapshotter"], snapshotKey: row["snapshot_key"], sandboxID: row["sandbox_id"],
            extensions: extensions, createdAt: row["created_at"], updatedAt: row["updated_at"])
    }
}
