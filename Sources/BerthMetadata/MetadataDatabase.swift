import BerthCore
import BerthLinux
import GRDB

/// The metadata SQLite database (WAL, through a GRDB pool: one writer, concurrent readers), its schema
/// migrations, and database errors translated into BerthError.
final class MetadataDatabase: Sendable {
    let path: String
    let pool: DatabasePool

    init(path: String) throws {
        self.path = path
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try FileIO.mkdirAll(String(path[..<slash]), mode: 0o700)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw BerthError(.system, "open metadata database \(path)", cause: "\(error)")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let error as BerthError {
            throw error
        } catch {
            throw BerthError(.system, "read metadata database \(path)", cause: "\(error)")
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.write(body)
        } catch let error as BerthError {
            throw error
        } catch {
            throw BerthError(.system, "write metadata database \(path)", cause: "\(error)")
        }
    }

    /// Namespaces come into being on first use, as in containerd.
    static func ensureNamespace(_ db: Database, _ namespace: String) throws {
        try Identifiers.validateNamespace(namespace)
        let now = UnixTime.nowNanos()
        try db.execute(
            sql: "INSERT OR IGNORE INTO namespaces (name, labels, created_at, updated_at) VALUES (?, '{}', ?, ?)",
            arguments: [namespace, now, now])
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE namespaces (
                    name TEXT PRIMARY KEY,
                    labels TEXT NOT NULL DEFAULT '{}',
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE TABLE images (
                    namespace TEXT NOT NULL REFERENCES namespaces(name),
                    name TEXT NOT NULL,
                    target TEXT NOT NULL,
                    target_digest TEXT NOT NULL,
                    labels TEXT NOT NULL DEFAULT '{}',
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (namespace, name)
                );
                CREATE TABLE containers (
                    namespace TEXT NOT NULL REFERENCES namespaces(name),
                    id TEXT NOT NULL,
                    labels TEXT NOT NULL DEFAULT '{}',
                    image TEXT NOT NULL DEFAULT '',
                    runtime_name TEXT NOT NULL,
                    runtime_options_type TEXT,
                    runtime_options BLOB,
                    spec_type TEXT,
                    spec BLOB,
                    snapshotter TEXT NOT NULL DEFAULT '',
                    snapshot_key TEXT NOT NULL DEFAULT '',
                    sandbox_id TEXT NOT NULL DEFAULT '',
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (namespace, id)
                );
                CREATE TABLE container_extensions (
                    namespace TEXT NOT NULL,
                    container_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    type TEXT NOT NULL,
                    value BLOB NOT NULL,
                    PRIMARY KEY (namespace, container_id, name),
                    FOREIGN KEY (namespace, container_id) REFERENCES containers(namespace, id) ON DELETE CASCADE
                );
                CREATE TABLE content (
                    namespace TEXT NOT NULL REFERENCES namespaces(name),
                    digest TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    labels TEXT NOT NULL DEFAULT '{}',
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (namespace, digest)
                );
                CREATE INDEX content_by_digest ON content(digest);
                CREATE TABLE leases (
                    namespace TEXT NOT NULL REFERENCES namespaces(name),
                    id TEXT NOT NULL,
                    labels TEXT NOT NULL DEFAULT '{}',
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (namespace, id)
                );
                CREATE TABLE lease_resources (
                    namespace TEXT NOT NULL,
                    lease_id TEXT NOT NULL,
                    type TEXT NOT NULL,
                    resource_id TEXT NOT NULL,
                    PRIMARY KEY (namespace, lease_id, type, resource_id),
                    FOREIGN KEY (namespace, lease_id) REFERENCES leases(namespace, id) ON DELETE CASCADE
                );
                """)
        }
        return migrator
    }
}
