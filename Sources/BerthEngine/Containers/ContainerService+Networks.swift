import BerthCore
import BerthEngineAPI
import BerthNetwork

extension ContainerService {
    /// Whether berthd builds this container's network namespace (bridge, user networks, none), rather
    /// than the host's or another container's being used.
    func ownsNetworkNamespace(_ record: ContainerRecord) -> Bool {
        let mode = record.hostConfig.networkMode
        return networks != nil && mode != "host" && !mode.hasPrefix("container:")
    }

    /// Create-time checks: the network exists, and endpoint settings are keyed by canonical names.
    func resolveNetworking(_ host: inout HostConfig, _ request: NetworkingConfig?, legacyMAC: String = "") async throws -> [String: EndpointSettings]? {
        let mode = host.networkMode
        guard let networks else { return request?.endpointsConfig }
        // An unknown network is dockerd's start-time error, not a create-time 404: the docker CLI answers any
        // 404 from create by pulling the image and retrying.
        if !mode.isEmpty, mode != "host", mode != "none", !mode.hasPrefix("container:"),
           let name = try? await networks.canonicalName(mode), mode != "default" {
            host.networkMode = name
        }
        var endpoints = request?.endpointsConfig ?? [:]
        // Before API 1.44 the CLI sent --mac-address as Config.MacAddress: it belongs to the mode's network.
        if !legacyMAC.isEmpty, mode != "host", mode != "none", !mode.hasPrefix("container:") {
            let key = mode.isEmpty || mode == "default" ? "bridge" : mode
            var settings = endpoints[key] ?? endpoints["default"] ?? EndpointSettings()
            if settings.macAddress.isEmpty { settings.macAddress = legacyMAC }
            endpoints["default"] = nil
            endpoints[key] = settings
        }
        guard !endpoints.isEmpty else { return nil }
        if mode == "host" || mode == "none" || mode.hasPrefix("container:"), endpoints.keys.contains(where: { $0 != mode }) {
            throw BerthError(.invalidArgument, "conflicting options: \(mode) network mode and networking config")
        }
        var out: [String: EndpointSettings] = [:]
        for (key, settings) in endpoints {
            if key == "host" || key == "none" || key.hasPrefix("container:") { continue }
            out[(try? await networks.canonicalName(key)) ?? key] = settings
        }
        return out.isEmpty ? nil : out
    }

    /// Sets up the namespace, endpoints and ports for a start; nil when the container uses another's.
    func attachNetwork(_ record: ContainerRecord) async throws -> ContainerNetworkState? {
        guard let networks, ownsNetworkNamespace(record) else { return nil }
        for name in [record.hostConfig.networkMode] + (record.endpointsConfig ?? [:]).keys.sorted() where name != "none" {
            do {
                _ = try await networks.canonicalName(name)
            } catch let error as BerthError where error.code == .notFound {
                throw BerthError(.notFound, "failed to set up container networking: \(error.message)")
            }
        }
        var request = SandboxRequest(containerID: record.id, containerName: record.name, networkMode: record.hostConfig.networkMode)
        request.endpoints = record.endpointsConfig ?? [:]
        request.portBindings = record.hostConfig.portBindings ?? [:]
        request.publishAll = record.hostConfig.publishAllPorts
        request.exposedPorts = (record.config.exposedPorts ?? [:]).keys.sorted()
        request.links = record.hostConfig.links ?? []
        request.dns = record.hostConfig.dns ?? []
        return try await networks.attach(request)
    }

    func detachNetwork(_ id: String, _ state: ContainerNetworkState?) async {
        guard let networks, let state else { return }
        await networks.detach(id, state: state)
    }

    /// /etc/hosts lines for `--link` on the default bridge: `ip alias name` for each running target.
    func linkHosts(_ record: ContainerRecord) -> [String] {
        (record.hostConfig.links ?? []).compactMap { link in
            let parts = link.split(separator: ":", maxSplits: 1).map(String.init)
            guard let first = parts.first else { return nil }
            let name = first.split(separator: "/").last.map(String.init) ?? first
            let alias = parts.count > 1 ? (parts[1].split(separator: "/").last.map(String.init) ?? name) : name
            guard let target = try? store.find(name), let ip = target.network?.primary?.address else { return nil }
            let names = alias == target.name ? target.name : "\(alias) \(target.name)"
            return "\(names):\(ip)"
        }
    }

    /// `--add-host name:host-gateway` becomes the default bridge's gateway, as in dockerd.
    func resolvedExtraHosts(_ record: ContainerRecord) async -> [String] {
        let gateway = await networks?.hostGatewayAddress()
        return (record.hostConfig.extraHosts ?? []).map { entry in
            guard entry.hasSuffix("host-gateway"), let gateway else { return entry }
            return String(entry.dropLast("host-gateway".count)) + gateway
        }
    }

    /// `POST /networks/{id}/connect`.
    public func connect(network reference: String, container: String, settings: EndpointSettings?) async throws {
        guard let networks else { throw BerthError(.unsupported, "networking is disabled") }
        let record = try store.find(container)
        let mode = record.hostConfig.networkMode
        if mode == "host" || mode == "none" || mode.hasPrefix("container:") {
            throw BerthError(.unsupported, "container sharing network namespace with another container or host cannot be connected to any other network")
        }
        let name = try await networks.canonicalName(reference)
        if record.hostConfig.networkMode == name || record.endpointsConfig?[name] != nil, !record.state.running {
            throw BerthError(.unsupported, "endpoint with name \(record.name) already exists in network \(name)")
        }
        var updatedState = record.network
        if record.state.running, let state = record.network {
            updatedState = try await networks.connect(name, containerID: record.id, containerName: record.name,
                                                      settings: settings, running: state)
        }
        _ = try store.update(record.id) { record in
            var endpoints = record.endpointsConfig ?? [:]
            endpoints[name] = settings ?? EndpointSettings()
            record.endpointsConfig = endpoints
            record.network = updatedState
        }
    }

    /// `POST /networks/{id}/disconnect`.
    public func disconnect(network reference: String, container: String, force: Bool) async throws {
        guard let networks else { throw BerthError(.unsupported, "networking is disabled") }
        let record = try store.find(container)
        let name = try await networks.canonicalName(reference)
        let mode = record.hostConfig.networkMode
        if mode == "host" || mode == "none" || mode.hasPrefix("container:") {
            throw BerthError(.unsupported, "container cannot be disconnected from host network or connected to host network")
        }
        var updatedState = record.network
        if record.state.running, let state = record.network {
            updatedState = try await networks.disconnect(name, containerID: record.id, running: state)
        } else if mode != name, record.endpointsConfig?[name] == nil, !force {
            throw BerthError(.unsupported, "container \(record.id) is not connected to network \(name)")
        }
        _ = try store.update(record.id) { record in
            record.endpointsConfig?[name] = nil
            if record.endpointsConfig?.isEmpty == true { record.endpointsConfig = nil }
            // Leaving the mode's own network leaves the container on `none`, as dockerd does.
            if record.hostConfig.networkMode == name {
                if let next = record.endpointsConfig?.keys.sorted().first {
                    record.hostConfig.networkMode = next
                } else {
                    record.hostConfig.networkMode = "none"
                }
            }
            record.network = updatedState
        }
    }
}
