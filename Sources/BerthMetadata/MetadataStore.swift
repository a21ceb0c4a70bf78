import BerthCore
import GRDB

/// The supervisor's metadata: namespaces, images, containers, per-namespace content records and leases
/// in one SQLite database (`<root>/metadata.db`, WAL). Every repository call is one transaction; the
/// store is safe to share between threads (GRDB serializes writers and runs readers concurrently).
public final class MetadataStore: Sendable {
    public let path: String
    let database: MetadataDatabase

    public let namespaces: NamespaceRepository
    public let images: ImageRepository
    public let containers: ContainerRepository
    public let content: ContentRepository
    public let leases: LeaseRepository

    /// Opens (creating and migrating as needed) `<root>/metadata.db`.
    public convenience init(root: String) throws {
        try self.init(path: root + "/metadata.db")
    }

    public init(path: String) throws {
        self.path = path
        database = try MetadataDatabase(path: path)
        namespaces = NamespaceRepository(database: database)
        images = ImageRepository(database: database)
        containers = ContainerRepository(database: database)
        content = ContentRepository(database: database)
        leases = LeaseRepository(database: database)
    }
}
