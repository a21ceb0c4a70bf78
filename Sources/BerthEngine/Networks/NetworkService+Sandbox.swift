import BerthCore
import BerthEngineAPI
import BerthLinux
import BerthNetwork
import Glibc

extension NetworkService {
    func namespacePath(_ containerID: String) -> String { options.namespaceRoot + "/" + containerID }

    /// Creates the container's network namespace and joins it to its networks; publishes its ports.
    /// Everything done is undone when a step fails.
    public func attach(_ request: SandboxRequest) async throws -> ContainerNetworkState {
        let path = namespacePath(request.containerID)
        if FileIO.exists(path) { try? NetworkNamespace.remove(at: path) }
        try NetworkNamespace.create(at: path)
        var state = ContainerNetworkState(sandboxKey: path)
        var sandbox = Sandbox(containerName: request.containerName, state: state, upstreams: upstreams(request.dns))
        do {
            let inside = try RouteNetlink(namespacePath: path)
            try inside.setUp(link: "lo")
            if request.networkMode != "none" {
                let primaryName = request.networkMode == "default" ? "bridge" : request.networkMode
                var joins: [(NetworkRecord, EndpointSettings?)] = [(try find(primaryName), settings(for: primaryName, in: request.endpoints))]
                for (key, settings) in request.endpoints.sorted(by: { $0.key < $1.key }) {
                    let record = try find(key)
                    if !joins.contains(where: { $0.0.id == record.id }) { joins.append((record, settings)) }
                }
                for (record, settings) in joins {
                    if record.driver == "host" || record.driver == "null" {
                        throw BerthError(.invalidArgument, "container cannot be connected to network \(record.name) together with other networks")
                    }
                    let endpoint = try join(record, settings: settings, request: request, inside: inside, index: state.endpoints.count,
                                            defaultRoute: !state.endpoints.contains { $0.gateway != nil })
                    state.endpoints.append(endpoint)
                    sandbox.state = state
                }
                for link in request.links {
                    let (name, alias) = Self.parseLink(link)
                    sandbox.linkAliases[alias] = name
                }
                state.ports = try publish(request, on: state)
                sandbox.state = state
            }
            sandboxes[request.containerID] = sandbox
            if !state.ports.isEmpty { try applyRules() }
            if state.endpoints.contains(where: { records[$0.networkID]?.hasEmbeddedDNS == true }) {
                try await startDNS(request.containerID, namespace: path)
            }
            refreshDNSScopes()
        } catch {
            await detach(request.containerID, state: state)
            throw error
        }
        return state
    }

    func settings(for network: String, in endpoints: [String: EndpointSettings]) -> EndpointSettings? {
        if let exact = endpoints[network] { return exact }
        if let record = try? find(network) {
            return endpoints.first { $0.key == record.id || $0.key == record.name }?.value
        }
        return nil
    }

    /// One endpoint: an address from IPAM, a veth on the bridge (or a macvlan link), the address and
    /// route inside the namespace.
    func join(_ record: NetworkRecord, settings: EndpointSettings?, request: SandboxRequest, inside: RouteNetlink,
              index: Int, defaultRoute: Bool) throws -> ContainerEndpoint {
        guard record.carriesAddresses, let subnet = record.subnet, var allocator = allocators[record.id] else {
            throw BerthError(.invalidArgument, "network \(record.name) cannot carry container endpoints")
        }
        var preferred: IPv4Address?
        if let text = settings?.ipamConfig?.ipv4Address, !text.isEmpty {
            if record.predefined {
                throw BerthError(.invalidArgument, "user specified IP address is supported on user defined networks only")
            }
            guard let parsed = IPv4Address(text) else { throw BerthError(.invalidArgument, "invalid IPv4 address: \(text)") }
            preferred = parsed
        }
        let address = try allocator.allocate(preferred)
        allocators[record.id] = allocator
        var endpoint = ContainerEndpoint(networkID: record.id, networkName: record.name, endpointID: Self.newID())
        endpoint.address = address
        endpoint.prefixLength = subnet.prefixLength
        endpoint.gateway = record.isInternal ? nil : record.gateway
        endpoint.containerInterface = "eth\(index)"
        let requestedMAC = settings?.macAddress ?? ""
        let mac: MACAddress
        if requestedMAC.isEmpty {
            mac = MACAddress(derivedFrom: address)
        } else {
            guard let parsed = MACAddress(requestedMAC) else {
                release(address, on: record.id)
                throw BerthError(.invalidArgument, "invalid MAC address: \(requestedMAC)")
            }
            mac = parsed
        }
        endpoint.macAddress = mac.description
        endpoint.aliases = settings?.aliases ?? []
        endpoint.links = settings?.links ?? []
        if record.hasEmbeddedDNS {
            endpoint.dnsNames = [request.containerName, String(request.containerID.prefix(12))] + endpoint.aliases
        }
        do {
            switch record.driver {
            case "macvlan":
                try host.createMacvlan(name: endpoint.containerInterface, parent: record.interface,
                                       mode: record.options["macvlan_mode"] ?? "bridge", namespacePath: namespacePath(request.containerID),
                                       mac: mac.bytes)
            default:
                endpoint.hostInterface = "veth" + Self.randomHex(7)
                try host.createVeth(name: endpoint.hostInterface, peerName: endpoint.containerInterface,
                                    peerNamespacePath: namespacePath(request.containerID), peerMAC: mac.bytes, mtu: options.mtu)
                try host.setMaster(link: endpoint.hostInterface, master: record.interface)
                try host.setUp(link: endpoint.hostInterface)
            }
            try inside.addAddress(link: endpoint.containerInterface, address: address, prefixLength: subnet.prefixLength)
            try inside.setUp(link: endpoint.containerInterface)
            if defaultRoute, let gateway = endpoint.gateway {
                try inside.addRoute(destination: nil, gateway: gateway, device: endpoint.containerInterface)
            }
        } catch {
            if !endpoint.hostInterface.isEmpty { _ = try? host.deleteLink(named: endpoint.hostInterface) }
            release(address, on: record.id)
            throw error
        }
        events.publish(type: "network", action: "connect", id: record.id,
                       attributes: ["container": request.containerID, "name": record.name, "type": record.driver])
        return endpoint
    }

    func release(_ address: IPv4Address, on networkID: String) {
        allocators[networkID]?.release(address)
    }

    /// Host ports for `-p` and `-P`, forwarded to the first bridge endpoint (as dockerd does).
    func publish(_ request: SandboxRequest, on state: ContainerNetworkState) throws -> [PortMapping] {
        var wanted = request.portBindings
        if request.publishAll {
            for port in request.exposedPorts where wanted[port] == nil { wanted[port] = [PortBinding()] }
        }
        guard !wanted.isEmpty else { return [] }
        guard let endpoint = state.endpoints.first(where: { records[$0.networkID]?.driver == "bridge" }),
              let containerIP = endpoint.address else { return [] }
        var out: [PortMapping] = []
        do {
            for (key, bindings) in wanted.sorted(by: { $0.key < $1.key }) {
                let (containerPort, proto) = try Self.parsePortKey(key)
                for binding in (bindings ?? []).isEmpty ? [PortBinding()] : (bindings ?? []) {
                    let hostIPText = binding.hostIp
                    if hostIPText.contains(":") { continue }   // IPv6 host addresses: no IPv6 support yet
                    guard let hostIP = hostIPText.isEmpty ? IPv4Address(0) : IPv4Address(hostIPText) else {
                        throw BerthError(.invalidArgument, "invalid host IP \(hostIPText) for port \(key)")
                    }
                    let candidates = try Self.hostPortCandidates(binding.hostPort)
                    var lastError: (any Error)?
                    var chosen: UInt16?
                    for candidate in candidates {
                        do {
                            chosen = try reservations.reserve(proto, hostIP: hostIP, port: candidate)
                            break
                        } catch {
                            lastError = error
                        }
                    }
                    guard let hostPort = chosen else {
                        throw lastError ?? BerthError(.alreadyExists, "no free host port for \(key)")
                    }
                    out.append(PortMapping(proto: proto, hostIP: hostIP, hostPort: hostPort, containerIP: containerIP, containerPort: containerPort))
                }
            }
        } catch {
            for mapping in out { reservations.release(mapping.proto, hostIP: mapping.hostIP, port: mapping.hostPort) }
            throw error
        }
        return out
    }

    /// `80/tcp`, `53/udp`, `80` (tcp).
    static func parsePortKey(_ key: String) throws -> (UInt16, PortMapping.Proto) {
        let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
        guard let first = parts.first, let port = UInt16(first), port > 0 else {
            throw BerthError(.invalidArgument, "invalid port specification: \"\(key)\"")
        }
        let protoText = parts.count > 1 ? parts[1].lowercased() : "tcp"
        guard let proto = PortMapping.Proto(rawValue: protoText) else {
            throw BerthError(.invalidArgument, "invalid proto: \(protoText)")
        }
        return (port, proto)
    }

    /// `""` (any free port), `8080`, or a range `8000-8010` tried in order.
    static func hostPortCandidates(_ text: String) throws -> [UInt16] {
        if text.isEmpty { return [0] }
        let parts = text.split(separator: "-", maxSplits: 1).map(String.init)
        guard let low = parts.first.flatMap({ UInt16($0) }) else { throw BerthError(.invalidArgument, "invalid hostPort: \(text)") }
        guard parts.count == 2 else { return [low] }
        guard let high = UInt16(parts[1]), high >= low else { throw BerthError(.invalidArgument, "invalid hostPort: \(text)") }
        return Array(low...high)
    }

    /// `/db:/web/alias`, `db:alias` or `db` -> (name, alias).
    static func parseLink(_ link: String) -> (String, String) {
        let parts = link.split(separator: ":", maxSplits: 1).map(String.init)
        let name = (parts.first ?? link).split(separator: "/").last.map(String.init) ?? link
        let alias = parts.count > 1 ? (parts[1].split(separator: "/").last.map(String.init) ?? name) : name
        return (name, alias)
    }

    /// Undoes `attach`: endpoints, addresses, host ports, DNS, and the namespace file. Works from the
    /// persisted state too, for a container that stopped while berthd was away.
    public func detach(_ containerID: String, state: ContainerNetworkState) async {
        let current = sandboxes.removeValue(forKey: containerID)?.state ?? state
        // With the namespace going, the kernel destroys its veths (and so their host ends) in its own
        // batched cleanup; an RTM_DELLINK here would hold rtnl for a synchronize_net (~15 ms) on every stop.
        let namespaceGoes = !current.sandboxKey.isEmpty && FileIO.exists(current.sandboxKey)
        for endpoint in current.endpoints {
            if !endpoint.hostInterface.isEmpty, !namespaceGoes { _ = try? host.deleteLink(named: endpoint.hostInterface) }
            if let address = endpoint.address { release(address, on: endpoint.networkID) }
            if let record = records[endpoint.networkID] {
                events.publish(type: "network", action: "disconnect", id: record.id,
                               attributes: ["container": containerID, "name": record.name, "type": record.driver])
            }
        }
        for mapping in current.ports { reservations.release(mapping.proto, hostIP: mapping.hostIP, port: mapping.hostPort) }
        if !current.ports.isEmpty { try? applyRules() }
        dns.removeScope(containerID)
        if !current.sandboxKey.isEmpty { try? NetworkNamespace.remove(at: current.sandboxKey) }
        refreshDNSScopes()
    }

    /// After a berthd restart: a running container's endpoints, ports and DNS are taken back as they are.
    public func restore(_ containerID: String, name: String, state: ContainerNetworkState, dns servers: [String], links: [String]) async -> [String] {
        var problems: [String] = []
        var kept = state
        kept.ports = []
        for endpoint in state.endpoints {
            if let address = endpoint.address { allocators[endpoint.networkID]?.claim(address) }
        }
        for mapping in state.ports {
            do {
                _ = try reservations.reserve(mapping.proto, hostIP: mapping.hostIP, port: mapping.hostPort)
                kept.ports.append(mapping)
            } catch {
                problems.append("container \(containerID): port \(mapping.hostPort): \(error)")
            }
        }
        var sandbox = Sandbox(containerName: name, state: kept, upstreams: upstreams(servers))
        for link in links {
            let (target, alias) = Self.parseLink(link)
            sandbox.linkAliases[alias] = target
        }
        sandboxes[containerID] = sandbox
        if state.endpoints.contains(where: { records[$0.networkID]?.hasEmbeddedDNS == true }), !state.sandboxKey.isEmpty {
            do { try await startDNS(containerID, namespace: state.sandboxKey) } catch { problems.append("container \(containerID): dns: \(error)") }
        }
        do { try applyRules() } catch { problems.append("\(error)") }
        refreshDNSScopes()
        return problems
    }
}
