import BerthCore
import BerthEngineAPI
import BerthNetwork

extension NetworkService {
    /// The API's view of a network, its running containers included.
    func resource(_ record: NetworkRecord) -> NetworkResource {
        var out = NetworkResource()
        out.name = record.name
        out.id = record.id
        out.created = record.created
        out.scope = "local"
        out.driver = record.driver
        out.enableIPv4 = true
        out.enableIPv6 = record.enableIPv6
        var configs: [NetworkIPAMConfig] = []
        if let subnet = record.subnet {
            configs.append(NetworkIPAMConfig(subnet: subnet.description, ipRange: record.ipRange?.description,
                                             gateway: record.gateway?.description,
                                             auxiliaryAddresses: record.auxiliaryAddresses.isEmpty ? nil : record.auxiliaryAddresses))
        }
        out.ipam = NetworkIPAM(driver: record.ipamDriver, options: record.ipamOptions.isEmpty && !record.predefined ? [:] : record.ipamOptions,
                               config: configs)
        if record.driver == "host" || record.driver == "null" { out.ipam = NetworkIPAM(driver: "default", options: nil, config: []) }
        out.internal = record.isInternal
        out.attachable = record.attachable
        out.ingress = record.ingress
        out.options = record.options
        out.labels = record.labels
        var containers: [String: NetworkContainer] = [:]
        for (id, sandbox) in sandboxes {
            for endpoint in sandbox.state.endpoints where endpoint.networkID == record.id {
                containers[id] = NetworkContainer(name: sandbox.containerName, endpointID: endpoint.endpointID,
                                                  macAddress: endpoint.macAddress,
                                                  ipv4Address: endpoint.address.map { "\($0)/\(endpoint.prefixLength)" } ?? "",
                                                  ipv6Address: "")
            }
        }
        out.containers = containers
        return out
    }

    public func inspect(_ reference: String) throws -> NetworkResource { resource(try find(reference)) }

    /// `GET /networks`: sorted by name, as the CLI shows them.
    public func list(filters: [String: [String]]) throws -> [NetworkResource] {
        let filter = try NetworkFilter(filters)
        return records.values
            .filter { record in filter.matches(record, inUse: inUse(record.id)) }
            .sorted { $0.name < $1.name }
            .map(resource)
    }

    func inUse(_ networkID: String) -> Bool {
        sandboxes.values.contains { $0.state.endpoints.contains { $0.networkID == networkID } }
    }

    /// The default bridge's gateway: what `host-gateway` in `--add-host` means.
    public func hostGatewayAddress() -> String? {
        records.values.first(where: \.isDefaultBridge)?.gateway?.description
    }

    /// The address a running container has on a network (for `--link` hosts entries).
    public func address(of containerID: String) -> IPv4Address? {
        sandboxes[containerID]?.state.primary?.address
    }
}
