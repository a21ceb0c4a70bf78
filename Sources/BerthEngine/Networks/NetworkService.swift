import BerthCore
import BerthEngineAPI
import BerthLinux
import BerthNetwork
import Glibc
import NIOPosix

/// The libnetwork role inside berthd: networks (bridge, macvlan, host, null), IPAM, container network
/// namespaces and their endpoints, published ports and the embedded DNS. One actor serializes every
/// change, so the host's netlink socket, the allocators and the nftables table never race.
public actor NetworkService {
    /// A running container's sandbox as the service tracks it (for inspect, DNS and cleanup).
    struct Sandbox: Sendable {
        var containerName: String
        var state: ContainerNetworkState
        var upstreams: [DNSUpstream]
        /// `--link` aliases the container may resolve on user networks: alias -> container name.
        var linkAliases: [String: String] = [:]
        var servesDNS = false
    }

    public let options: NetworkServiceOptions
    let events: EngineEvents
    var records: [String: NetworkRecord] = [:]
    var allocators: [String: AddressAllocator] = [:]
    var sandboxes: [String: Sandbox] = [:]
    let host: RouteNetlink
    let filter: NftablesSession
    let reservations = PortReservations()
    let dns: EmbeddedDNSServer

    public init(options: NetworkServiceOptions, events: EngineEvents) throws {
        self.options = options
        self.events = events
        host = try RouteNetlink()
        filter = try NftablesSession()
        dns = EmbeddedDNSServer(group: MultiThreadedEventLoopGroup.singleton)
        try FileIO.mkdirAll(options.networksRoot, mode: 0o700)
        try FileIO.mkdirAll(options.namespaceRoot, mode: 0o711)
    }

    // MARK: records

    func path(_ id: String) -> String { options.networksRoot + "/" + id + ".json" }

    func persist(_ record: NetworkRecord) throws {
        try FileIO.writeAtomically(path(record.id), Array(try EngineJSON.encode(record)))
    }

    /// A network by full id, exact name, then unique id prefix (dockerd's order).
    public func find(_ reference: String) throws -> NetworkRecord {
        if let record = records[reference] { return record }
        if let record = records.values.first(where: { $0.name == reference }) { return record }
        let matches = records.values.filter { $0.id.hasPrefix(reference) }
        if matches.count == 1, let match = matches.first, !reference.isEmpty { return match }
        if matches.count > 1 {
            throw BerthError(.invalidArgument, "network \(reference) is ambiguous (\(matches.count) matches found based on ID prefix)")
        }
        throw BerthError(.notFound, "network \(reference) not found")
    }

    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }

    static func randomHex(_ count: Int) -> String { String(newID().prefix(count)) }

    /// Reloads the networks, brings their bridges back and writes the netfilter table with no
    /// container in it yet (running containers are added back by `restore`).
    public func load() -> [String] {
        var problems: [String] = []
        let names = (try? FileIO.list(options.networksRoot)) ?? []
        for name in names where name.hasSuffix(".json") {
            let file = options.networksRoot + "/" + name
            do {
                let record = try EngineJSON.decode(NetworkRecord.self, from: try FileIO.read(file))
                records[record.id] = record
            } catch {
                problems.append("network \(file): \(error)")
            }
        }
        do { try ensurePredefined() } catch { problems.append("predefined networks: \(error)") }
        for record in records.values.sorted(by: { $0.created < $1.created }) {
            do {
                try activate(record)
            } catch {
                problems.append("network \(record.name): \(error)")
            }
        }
        if options.ipForward {
            do { try Sysctl.set("net.ipv4.ip_forward", "1") } catch { problems.append("\(error)") }
        }
        do { try applyRules() } catch { problems.append("\(error)") }
        return problems
    }

    /// The bridge exists, has its gateway address and is up; the allocator knows the subnet.
    func activate(_ record: NetworkRecord) throws {
        if record.driver == "bridge", let subnet = record.subnet {
            if try host.linkIndex(named: record.interface) == nil {
                do {
                    try host.createBridge(name: record.interface, mtu: options.mtu)
                } catch let error as BerthError where error.code == .alreadyExists {}
            }
            if let gateway = record.gateway {
                try host.addAddress(link: record.interface, address: gateway, prefixLength: subnet.prefixLength)
            }
            try host.setUp(link: record.interface)
            // DNAT from the host's loopback to a container needs 127/8 sources routable on the bridge.
            try? Sysctl.set("net.ipv4.conf.\(record.interface).route_localnet", "1")
        }
        if let subnet = record.subnet, allocators[record.id] == nil {
            var reserved: [IPv4Address] = []
            for value in record.auxiliaryAddresses.values { if let ip = IPv4Address(value) { reserved.append(ip) } }
            allocators[record.id] = AddressAllocator(subnet: subnet, range: record.ipRange, gateway: record.gateway, reserved: reserved)
        }
    }

    /// Rewrites berthd's nftables table from the current networks and published ports.
    func applyRules() throws {
        var ruleset = PacketFilterRuleset(table: options.filterTable)
        for record in records.values.sorted(by: { $0.created < $1.created }) where record.driver == "bridge" {
            guard let subnet = record.subnet else { continue }
            let masquerade = options.ipMasquerade && record.options["com.docker.network.bridge.enable_ip_masquerade"] != "false"
            ruleset.bridges.append(.init(interface: record.interface, subnet: subnet, isInternal: record.isInternal,
                                         masquerade: masquerade, isolated: true))
        }
        for sandbox in sandboxes.values { ruleset.ports += sandbox.state.ports }
        try filter.run(ruleset.script)
    }

    /// Drops the nftables table (tests, and `berthd` asked to leave no trace).
    public func removeRules() {
        _ = try? filter.run(PacketFilterRuleset.deleteScript(table: options.filterTable))
    }
}
