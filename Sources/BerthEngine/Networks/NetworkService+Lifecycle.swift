import BerthCore
import BerthEngineAPI
import BerthNetwork
import Glibc

extension NetworkService {
    static let predefinedNames: Set<String> = ["bridge", "host", "none"]

    /// `bridge` (unless the daemon runs with `bridge: none`), `host` and `none`, with stable ids.
    func ensurePredefined() throws {
        let now = Timestamp.rfc3339Nano(Timestamp.now())
        for (name, driver) in [("bridge", "bridge"), ("host", "host"), ("none", "null")] {
            if name == "bridge", options.bridgeName == "none" { continue }
            var record = records.values.first { $0.name == name && $0.predefined }
                ?? NetworkRecord(id: Self.newID(), name: name, created: now, driver: driver)
            let before = record
            record.predefined = true
            if name == "bridge" {
                let wanted = try defaultBridgeAddress(stored: records[record.id] == nil ? nil : before)
                record.subnet = wanted.canonical
                record.gateway = wanted.address
                record.interface = options.bridgeName
                record.options = [
                    "com.docker.network.bridge.default_bridge": "true",
                    "com.docker.network.bridge.enable_icc": "true",
                    "com.docker.network.bridge.enable_ip_masquerade": options.ipMasquerade ? "true" : "false",
                    "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
                    "com.docker.network.bridge.name": options.bridgeName,
                    "com.docker.network.driver.mtu": String(options.mtu ?? 1500),
                ]
                if before.subnet != record.subnet { allocators[record.id] = nil }
            }
            if record != before || records[record.id] == nil {
                try persist(record)
            }
            records[record.id] = record
        }
    }

    /// The default bridge's gateway and prefix: `bip` as configured; with the default `bip`, the subnet
    /// it already has, else 172.17.0.1/16 unless the host routes or addresses overlap it (another
    /// engine's bridge), then the first free pool subnet.
    func defaultBridgeAddress(stored: NetworkRecord?) throws -> IPv4Subnet {
        if options.bridgeIPExplicit { return options.bridgeIP }
        if let stored, let subnet = stored.subnet, let gateway = stored.gateway, stored.interface == options.bridgeName {
            return IPv4Subnet(address: gateway, prefixLength: subnet.prefixLength)
        }
        let ours = Set(((try? host.ipv4Addresses(link: options.bridgeName)) ?? []).map(\.subnet.canonical))
        let routes = ((try? host.ipv4Routes()) ?? []).filter { $0.prefixLength > 0 && !ours.contains($0.canonical) }
        let addresses = ((try? host.ipv4Addresses()) ?? []).filter { $0.link != options.bridgeName }.map(\.subnet)
        let wanted = options.bridgeIP
        if !(routes + addresses).contains(where: { $0.overlaps(wanted.canonical) }) { return wanted }
        let free = try freeSubnet()
        return IPv4Subnet(address: IPv4Address(free.network.value + 1), prefixLength: free.prefixLength)
    }

    /// `POST /networks/create`.
    public func create(_ request: NetworkCreateRequest) throws -> NetworkCreateResponse {
        let name = request.name
        guard !name.isEmpty else { throw BerthError(.invalidArgument, "invalid name: name is empty") }
        guard Self.validName(name) else {
            throw BerthError(.invalidArgument, "invalid network name \"\(name)\": must match [a-zA-Z0-9][a-zA-Z0-9_.-]")
        }
        if records.values.contains(where: { $0.name == name }) {
            throw BerthError(.alreadyExists, "network with name \(name) already exists")
        }
        let driver = (request.driver ?? "").isEmpty ? "bridge" : (request.driver ?? "bridge")
        switch driver {
        case "bridge", "macvlan": break
        case "host", "null":
            throw BerthError(.unsupported, "only one instance of \"\(driver)\" network is allowed")
        case "overlay":
            throw BerthError(.unsupported, "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.")
        default:
            throw BerthError(.notFound, "plugin \"\(driver)\" not found")
        }
        if request.ingress == true { throw BerthError(.unsupported, "ingress networks need swarm mode") }
        let ipam = request.ipam ?? NetworkIPAM()
        if !ipam.driver.isEmpty, ipam.driver != "default" {
            throw BerthError(.notFound, "plugin \"\(ipam.driver)\" not found")
        }
        var record = NetworkRecord(id: Self.newID(), name: name, created: Timestamp.rfc3339Nano(Timestamp.now()), driver: driver)
        record.isInternal = request.internal ?? false
        record.attachable = request.attachable ?? false
        record.enableIPv6 = request.enableIPv6 ?? false
        record.options = request.options ?? [:]
        record.labels = request.labels ?? [:]
        record.ipamOptions = ipam.options ?? [:]
        let v4 = (ipam.config ?? []).filter { !($0.subnet ?? "").contains(":") }
        if v4.count > 1 { throw BerthError(.invalidArgument, "berth supports one IPv4 subnet per network, got \(v4.count)") }
        if let config = v4.first {
            guard let text = config.subnet, !text.isEmpty else {
                throw BerthError(.invalidArgument, "every ip-range or gateway must have a corresponding subnet")
            }
            guard let subnet = IPv4Subnet(text) else { throw BerthError(.invalidArgument, "invalid subnet \(text): invalid CIDR address") }
            guard subnet.canonical == subnet else {
                throw BerthError(.invalidArgument, "invalid subnet \(text): it should be \(subnet.canonical)")
            }
            if let clash = records.values.first(where: { $0.subnet.map { subnet.overlaps($0) } ?? false }) {
                throw BerthError(.unsupported, "invalid pool request: Pool overlaps with other one on this address space (\(clash.name))")
            }
            record.subnet = subnet
            if let range = config.ipRange, !range.isEmpty {
                guard let parsed = IPv4Subnet(range), subnet.contains(parsed.canonical) else {
                    throw BerthError(.invalidArgument, "no matching subnet for range \(range)")
                }
                record.ipRange = parsed.canonical
            }
            if let gateway = config.gateway, !gateway.isEmpty {
                guard let parsed = IPv4Address(gateway), subnet.contains(parsed) else {
                    throw BerthError(.invalidArgument, "no matching subnet for gateway \(gateway)")
                }
                record.gateway = parsed
            }
            record.auxiliaryAddresses = config.auxiliaryAddresses ?? [:]
        } else {
            record.subnet = try freeSubnet()
        }
        if record.gateway == nil, let subnet = record.subnet {
            record.gateway = IPv4Address(subnet.network.value + 1)
        }
        switch driver {
        case "macvlan":
            guard let parent = record.options["parent"], !parent.isEmpty else {
                throw BerthError(.invalidArgument, "macvlan network \(name) needs -o parent=<host interface>")
            }
            guard try host.linkIndex(named: parent) != nil else {
                throw BerthError(.invalidArgument, "-o parent interface was not found on the host: \(parent)")
            }
            let mode = record.options["macvlan_mode"] ?? "bridge"
            guard ["bridge", "private", "vepa", "passthru"].contains(mode) else {
                throw BerthError(.invalidArgument, "requested macvlan mode '\(mode)' is not valid, 'bridge' mode is the macvlan driver default")
            }
            record.interface = parent
        default:
            let bridge = record.options["com.docker.network.bridge.name"] ?? "br-" + record.shortID
            guard !bridge.isEmpty, bridge.utf8.count <= 15 else {
                throw BerthError(.invalidArgument, "invalid bridge name \(bridge): at most 15 characters")
            }
            if records.values.contains(where: { $0.driver == "bridge" && $0.interface == bridge }) {
                throw BerthError(.alreadyExists, "bridge name \(bridge) is already used by another network")
            }
            record.interface = bridge
        }
        do {
            try activate(record)
            try persist(record)
            records[record.id] = record
            try applyRules()
        } catch {
            records[record.id] = nil
            allocators[record.id] = nil
            if record.driver == "bridge" { _ = try? host.deleteLink(named: record.interface) }
            _ = unlink(path(record.id))
            throw error
        }
        events.publish(type: "network", action: "create", id: record.id, attributes: ["name": record.name, "type": record.driver])
        return NetworkCreateResponse(id: record.id)
    }

    static func validName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIIAlphanumeric else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "_" || $0 == "." || $0 == "-" }
    }

    /// The first pool subnet that overlaps no network of ours and no route or address on the host.
    func freeSubnet() throws -> IPv4Subnet {
        let taken = records.values.compactMap(\.subnet)
        let hostRoutes = ((try? host.ipv4Routes()) ?? []).filter { $0.prefixLength > 0 }
        let hostAddresses = ((try? host.ipv4Addresses()) ?? []).map(\.subnet)
        for pool in options.addressPools {
            guard pool.size >= pool.base.prefixLength, pool.size <= 30 else { continue }
            let step = UInt64(1) << UInt64(32 - pool.size)
            var candidate = UInt64(pool.base.network.value)
            while candidate + step - 1 <= UInt64(pool.base.broadcast.value) {
                let subnet = IPv4Subnet(address: IPv4Address(UInt32(candidate)), prefixLength: pool.size)
                candidate += step
                if taken.contains(where: { $0.overlaps(subnet) }) { continue }
                if hostRoutes.contains(where: { $0.overlaps(subnet) }) { continue }
                if hostAddresses.contains(where: { $0.overlaps(subnet) }) { continue }
                return subnet
            }
        }
        throw BerthError(.illegalState, "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network")
    }

    /// `DELETE /networks/{id}`.
    public func remove(_ reference: String) throws {
        let record = try find(reference)
        if record.predefined {
            throw BerthError(.unsupported, "\(record.name) is a pre-defined network and cannot be removed")
        }
        let users = sandboxes.values.filter { $0.state.endpoints.contains { $0.networkID == record.id } }
        if !users.isEmpty {
            throw BerthError(.unsupported, "error while removing network: network \(record.name) id \(record.id) has active endpoints")
        }
        if record.driver == "bridge" { _ = try? host.deleteLink(named: record.interface) }
        _ = unlink(path(record.id))
        records[record.id] = nil
        allocators[record.id] = nil
        try? applyRules()
        events.publish(type: "network", action: "destroy", id: record.id, attributes: ["name": record.name, "type": record.driver])
    }

    /// `POST /networks/prune`: user networks no running container uses.
    public func prune(filters: [String: [String]]) throws -> [String] {
        let filter = try NetworkFilter(filters, pruning: true)
        var deleted: [String] = []
        for record in records.values.sorted(by: { $0.name < $1.name }) where !record.predefined && filter.matches(record, inUse: false) {
            if sandboxes.values.contains(where: { $0.state.endpoints.contains { $0.networkID == record.id } }) { continue }
            do {
                try remove(record.id)
                deleted.append(record.name)
            } catch {}
        }
        return deleted
    }
}

extension Unicode.Scalar {
    var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}
