/// containerd's lease: while it exists (and has not expired), the resources attached to it survive
/// garbage collection even when nothing else references them (a pull in progress, an unpack).
public struct LeaseRecord: Sendable, Equatable {
    /// Label holding an RFC 3339 time after which the lease no longer protects anything and is removed.
    public static let expireLabel = "containerd.io/gc.expire"

    public var id: String
    public var labels: [String: String]
    /// Unix time in nanoseconds.
    public var createdAt: Int64

    public init(id: String, labels: [String: String] = [:], createdAt: Int64 = 0) {
        self.id = id
        self.labels = labels
        self.createdAt = createdAt
    }

    /// The expiry time from the `containerd.io/gc.expire` label, in Unix nanoseconds; nil when the
    /// label is absent or unparsable (such a lease never expires, as in containerd).
    public var expiresAt: Int64? {
        labels[Self.expireLabel].flatMap(UnixTime.parseRFC3339)
    }

    public func isExpired(at now: Int64) -> Bool {
        guard let expiresAt else { return false }
        return expiresAt <= now
    }
}

/// A resource held by a lease. `type` is `content` (id: a digest), `ingests` (id: an ingest ref) or
/// `snapshots/<snapshotter>` (id: a snapshot key).
public struct LeaseResource: Sendable, Hashable {
    public var id: String
    public var type: String

    public init(id: String, type: String) {
        self.id = id
        self.type = type
    }

    public static func content(_ digest: String) -> LeaseResource { LeaseResource(id: digest, type: "content") }
    public static func ingest(_ ref: String) -> LeaseResource { LeaseResource(id: ref, type: "ingests") }
    public static func snapshot(_ key: String, snapshotter: String) -> LeaseResource {
        LeaseResource(id: key, type: "snapshots/" + snapshotter)
    }

    /// The snapshotter of a `snapshots/<name>` resource.
    public var snapshotter: String? {
        type.hasPrefix("snapshots/") ? String(type.dropFirst("snapshots/".count)) : nil
    }
}
