import BerthNetwork

/// A running container's attachment to one network (libnetwork's endpoint).
public struct ContainerEndpoint: Codable, Sendable, Equatable {
    public var networkID: String
    public var networkName: String
    public var endpointID: String
    public var address: IPv4Address?
    public var prefixLength: Int = 0
    public var gateway: IPv4Address?
    public var macAddress: String = ""
    /// The veth's host end (bridge driver); empty for macvlan.
    public var hostInterface: String = ""
    /// The link's name inside the container (`eth0`, `eth1`, …).
    public var containerInterface: String = "eth0"
    public var aliases: [String] = []
    public var links: [String] = []
    public var dnsNames: [String] = []

    public init(networkID: String, networkName: String, endpointID: String) {
        self.networkID = networkID
        self.networkName = networkName
        self.endpointID = endpointID
    }
}

/// What berthd set up for a running container's network namespace: removed again when it stops.
public struct ContainerNetworkState: Codable, Sendable, Equatable {
    /// The pinned netns file (`<exec-root>/netns/<id>`); empty for host and container modes.
    public var sandboxKey: String = ""
    public var endpoints: [ContainerEndpoint] = []
    public var ports: [PortMapping] = []

    public init(sandboxKey: String = "") { self.sandboxKey = sandboxKey }

    public var primary: ContainerEndpoint? { endpoints.first }
}
