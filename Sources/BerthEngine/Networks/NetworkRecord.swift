import BerthNetwork

/// A network as berthd persists it (`<data-root>/networks/<id>.json`).
public struct NetworkRecord: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var created: String
    /// `bridge`, `macvlan`, `host` or `null`.
    public var driver: String
    public var isInternal: Bool = false
    public var attachable: Bool = false
    public var ingress: Bool = false
    public var enableIPv6: Bool = false
    public var ipamDriver: String = "default"
    public var ipamOptions: [String: String] = [:]
    public var subnet: IPv4Subnet?
    public var gateway: IPv4Address?
    public var ipRange: IPv4Subnet?
    public var auxiliaryAddresses: [String: String] = [:]
    public var options: [String: String] = [:]
    public var labels: [String: String] = [:]
    /// The Linux bridge (bridge driver) or the parent link (macvlan).
    public var interface: String = ""
    /// `bridge`, `host`, `none`: created by berthd, never removed.
    public var predefined: Bool = false

    public init(id: String, name: String, created: String, driver: String) {
        self.id = id
        self.name = name
        self.created = created
        self.driver = driver
    }

    public var shortID: String { String(id.prefix(12)) }
    public var isDefaultBridge: Bool { predefined && driver == "bridge" }
    /// Container names resolve through the embedded DNS on user-defined networks only, as in Docker.
    public var hasEmbeddedDNS: Bool { !predefined && (driver == "bridge" || driver == "macvlan") }
    public var carriesAddresses: Bool { driver == "bridge" || driver == "macvlan" }
}
