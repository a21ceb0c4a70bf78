import BerthCore
import BerthEngineAPI
import BerthNetwork

extension NetworkService {
    /// `POST /networks/{id}/connect` for a running container: a new endpoint in its namespace.
    /// Returns the container's new network state.
    public func connect(_ reference: String, containerID: String, containerName: String, settings: EndpointSettings?,
                        running state: ContainerNetworkState) async throws -> ContainerNetworkState {
        let record = try find(reference)
        if state.endpoints.contains(where: { $0.networkID == record.id }) {
            throw BerthError(.unsupported, "endpoint with name \(containerName) already exists in network \(record.name)")
        }
        if record.driver == "host" || record.driver == "null" {
            throw BerthError(.unsupported, "container cannot be disconnected from host network or connected to host network")
        }
        var request = SandboxRequest(containerID: containerID, containerName: containerName, networkMode: record.name)
        request.endpoints = settings.map { [record.name: $0] } ?? [:]
        let inside = try RouteNetlink(namespacePath: state.sandboxKey)
        let endpoint = try join(record, settings: settings, request: request, inside: inside, index: Self.nextInterfaceIndex(state),
                                defaultRoute: !state.endpoints.contains { $0.gateway != nil })
        var updated = sandboxes[containerID]?.state ?? state
        updated.endpoints.append(endpoint)
        sandboxes[containerID, default: Sandbox(containerName: containerName, state: updated, upstreams: upstreams([]))].state = updated
        if record.hasEmbeddedDNS, sandboxes[containerID]?.servesDNS != true {
            try? await startDNS(containerID, namespace: state.sandboxKey)
        }
        refreshDNSScopes()
        return updated
    }

    static func nextInterfaceIndex(_ state: ContainerNetworkState) -> Int {
        let used = Set(state.endpoints.compactMap { Int($0.containerInterface.dropFirst(3)) })
        var index = 0
        while used.contains(index) { index += 1 }
        return index
    }

    /// `POST /networks/{id}/disconnect` for a running container: its endpoint on that network goes.
    public func disconnect(_ reference: String, containerID: String, running state: ContainerNetworkState) throws -> ContainerNetworkState {
        let record = try find(reference)
        var updated = sandboxes[containerID]?.state ?? state
        guard let index = updated.endpoints.firstIndex(where: { $0.networkID == record.id }) else {
            throw BerthError(.unsupported, "container \(containerID) is not connected to network \(record.name)")
        }
        let endpoint = updated.endpoints.remove(at: index)
        if endpoint.hostInterface.isEmpty {
            if let inside = try? RouteNetlink(namespacePath: updated.sandboxKey) { _ = try? inside.deleteLink(named: endpoint.containerInterface) }
        } else {
            _ = try? host.deleteLink(named: endpoint.hostInterface)
        }
        if let address = endpoint.address { release(address, on: record.id) }
        // Ports published through this endpoint stop working with it.
        let dropped = updated.ports.filter { $0.containerIP == endpoint.address }
        updated.ports.removeAll { $0.containerIP == endpoint.address }
        for mapping in dropped { reservations.release(mapping.proto, hostIP: mapping.hostIP, port: mapping.hostPort) }
        sandboxes[containerID]?.state = updated
        if !dropped.isEmpty { try? applyRules() }
        refreshDNSScopes()
        events.publish(type: "network", action: "disconnect", id: record.id,
                       attributes: ["container": containerID, "name": record.name, "type": record.driver])
        return updated
    }

    /// A network's canonical name (the key container records use), checked to exist.
    public func canonicalName(_ reference: String) throws -> String {
        let name = reference == "default" ? "bridge" : reference
        return try find(name).name
    }

    public func record(_ reference: String) throws -> NetworkRecord { try find(reference) }
}
