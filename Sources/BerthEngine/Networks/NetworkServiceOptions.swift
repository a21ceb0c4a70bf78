import BerthNetwork

/// Networking settings from daemon.json and berthd's flags (dockerd's names).
public struct NetworkServiceOptions: Sendable {
    public var dataRoot: String
    /// Where netns files are pinned (`<exec-root>/netns`).
    public var execRoot: String = "/run/berth"
    /// The default bridge's link (`bridge`); "none" disables the default bridge network.
    public var bridgeName: String = "berth0"
    /// `bip`: the default bridge's gateway address and prefix.
    public var bridgeIP: IPv4Subnet = IPv4Subnet(address: IPv4Address(172, 17, 0, 1), prefixLength: 16)
    /// False when `bip` is the default: a host that already routes 172.17.0.0/16 (a dockerd's docker0) then
    /// gets the default bridge on the first free pool subnet instead, as dockerd does for docker0.
    public var bridgeIPExplicit = false
    /// `default-address-pools`: prefixes user networks get their subnets from, and the subnet size.
    public var addressPools: [(base: IPv4Subnet, size: Int)] = [
        (IPv4Subnet(address: IPv4Address(172, 17, 0, 0), prefixLength: 12), 16),
        (IPv4Subnet(address: IPv4Address(192, 168, 0, 0), prefixLength: 16), 20),
    ]
    /// The nftables table berthd owns.
    public var filterTable: String = "berth"
    public var ipForward: Bool = true
    public var ipMasquerade: Bool = true
    public var mtu: Int? = nil
    /// Daemon-wide `dns`: upstreams of the embedded resolver, and nameservers on the default bridge.
    public var dns: [String] = []

    public init(dataRoot: String) { self.dataRoot = dataRoot }

    public var networksRoot: String { dataRoot + "/networks" }
    public var namespaceRoot: String { execRoot + "/netns" }
}
