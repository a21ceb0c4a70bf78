/// One volume as dockerd's `local` driver keeps it, persisted as `<data-root>/volumes/<name>/volume.json`
/// and answered as the Engine API `Volume` object (the same field names, so one type serves both).
public struct VolumeRecord: Codable, Sendable, Equatable {
    public var name: String
    public var driver: String
    /// `<data-root>/volumes/<name>/_data`: what containers bind.
    public var mountpoint: String
    /// RFC 3339, seconds precision, as dockerd prints it.
    public var createdAt: String
    /// nil encodes as `null`, as dockerd answers for a volume created without labels or options.
    public var labels: [String: String]?
    /// The `local` driver's `-o` options (type, device, o).
    public var options: [String: String]?
    public var scope: String

    /// The label dockerd puts on anonymous volumes; `volume prune` without `all=true` removes only these.
    public static let anonymousLabel = "com.docker.volume.anonymous"

    public init(name: String, mountpoint: String, createdAt: String, labels: [String: String]?, options: [String: String]?) {
        self.name = name
        driver = "local"
        self.mountpoint = mountpoint
        self.createdAt = createdAt
        self.labels = labels
        self.options = options
        scope = "local"
    }

    public var isAnonymous: Bool { labels?[Self.anonymousLabel] != nil }

    enum CodingKeys: String, CodingKey {
        case name = "Name", driver = "Driver", mountpoint = "Mountpoint", createdAt = "CreatedAt", labels = "Labels"
        case options = "Options", scope = "Scope"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(driver, forKey: .driver)
        try container.encode(mountpoint, forKey: .mountpoint)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(labels, forKey: .labels)
        try container.encode(options, forKey: .options)
        try container.encode(scope, forKey: .scope)
    }
}
