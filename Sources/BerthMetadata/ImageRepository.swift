import BerthCore
import BerthOCI
import BerthSnapshots
import GRDB

/// Images per namespace. Names are unique within a namespace.
public struct ImageRepository: Sendable {
    let database: MetadataDatabase

    static func describe(_ namespace: String, _ name: String) -> String {
        "image \"\(name)\" in namespace \"\(namespace)\""
    }

    @discardableResult
    public func create(namespace: String, image: ImageRecord) throws -> ImageRecord {
        try Self.validate(namespace, image)
        return try database.write { db in
            try MetadataDatabase.ensureNamespace(db, namespace)
            if try Self.find(db, namespace, image.name) != nil {
                throw BerthError(.alreadyExists, "\(Self.describe(namespace, image.name)): already exists")
            }
            var record = image
            let now = UnixTime.nowNanos()
            record.createdAt = now
            record.updatedAt = now
            try db.execute(
                sql: """
                    INSERT INTO images (namespace, name, target, target_digest, labels, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [namespace, record.name, try JSONColumn.encode(record.target), record.target.digest.description,
                            try JSONColumn.encode(record.labels), now, now])
            return record
        }
    }

    public func get(namespace: String, name: String) throws -> ImageRecord {
        try database.read { db in
            guard let record = try Self.find(db, namespace, name) else {
                throw BerthError(.notFound, "\(Self.describe(namespace, name)): not found")
            }
            return record
        }
    }

    /// Filter fields: `name`, `target.mediatype`, `target.digest`, `target.size`, `labels.<k>`,
    /// `annotations.<k>` (the target's).
    public func list(namespace: String, filters: [String] = []) throws -> [ImageRecord] {
        let filter = try Filters(filters)
        let all = try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM images WHERE namespace = ? ORDER BY name", arguments: [namespace])
                .map { try Self.record($0, namespace) }
        }
        return all.filter { image in filter.matches { Self.field(of: image, $0) } }
    }

    static func field(of image: ImageRecord, _ path: [String]) -> String? {
        switch (path.first, path.count) {
        case ("name", 1): return image.name
        case ("labels", 2): return image.labels[path[1]]
        case ("annotations", 2): return image.target.annotations?[path[1]]
        case ("target", 2):
            switch path[1] {
            case "mediatype", "mediaType", "media_type": return image.target.mediaType
            case "digest": return image.target.digest.description
            case "size": return String(image.target.size)
            default: return nil
            }
        default: return nil
        }
    }

    /// Field paths: `labels`, `labels.<k>`, `target`, `annotations` (the target's); empty updates labels
    /// and target.
    @discardableResult
    public func update(namespace: String, image: ImageRecord, fieldPaths: [String] = []) throws -> ImageRecord {
        try Self.validate(namespace, image)
        return try database.write { db in
            guard var record = try Self.find(db, namespace, image.name) else {
                throw BerthError(.notFound, "\(Self.describe(namespace, image.name)): not found")
            }
            for path in fieldPaths.isEmpty ? ["labels", "target"] : fieldPaths {
                if LabelFieldPath.apply(path, from: image.labels, to: &record.labels) { continue }
                switch path {
                case "target": record.target = image.target
                case "annotations": record.target.annotations = image.target.annotations
                default:
                    throw BerthError(.invalidArgument, "\(Self.describe(namespace, image.name)): cannot update field \"\(path)\"")
                }
            }
            record.updatedAt = UnixTime.nowNanos()
            try db.execute(
                sql: "UPDATE images SET target = ?, target_digest = ?, labels = ?, updated_at = ? WHERE namespace = ? AND name = ?",
                arguments: [try JSONColumn.encode(record.target), record.target.digest.description,
                            try JSONColumn.encode(record.labels), record.updatedAt, namespace, record.name])
            return record
        }
    }

    public func delete(namespace: String, name: String) throws {
        try database.write { db in
            try db.execute(sql: "DELETE FROM images WHERE namespace = ? AND name = ?", arguments: [namespace, name])
            guard db.changesCount > 0 else {
                throw BerthError(.notFound, "\(Self.describe(namespace, name)): not found")
            }
        }
    }

    static func validate(_ namespace: String, _ image: ImageRecord) throws {
        try Identifiers.validateNamespace(namespace)
        guard !image.name.isEmpty else {
            throw BerthError(.invalidArgument, "image in namespace \"\(namespace)\": empty name")
        }
        guard !image.target.mediaType.isEmpty else {
            throw BerthError(.invalidArgument, "\(describe(namespace, image.name)): target has no media type")
        }
    }

    static func find(_ db: Database, _ namespace: String, _ name: String) throws -> ImageRecord? {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT * FROM images WHERE namespace = ? AND name = ?", arguments: [namespace, name])
        else { return nil }
        return try record(row, namespace)
    }

    static func record(_ row: Row, _ namespace: String) throws -> ImageRecord {
        let name: String = row["name"]
        let what = describe(namespace, name)
        return ImageRecord(
            name: name, target: try JSONColumn.decode(Descriptor.self, row["target"], what: "\(what) target"),
            labels: try JSONColumn.labels(row["labels"], what: "\(what) labels"),
            createdAt: row["created_at"], updatedAt: row["updated_at"])
    }
}
