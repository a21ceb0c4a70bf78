import BerthOCI

enum V1NetPrioController {
    static func set(_ dir: String?, _ network: NetworkResources?) throws {
        guard let priorities = network?.priorities, !priorities.isEmpty else { return }
        let dir = try CgroupFiles.need(dir, controller: "net_prio", field: "linux.resources.network.priorities")
        for (i, p) in priorities.enumerated() {
            try CgroupFiles.write(dir, "net_prio.ifpriomap", "\(p.name) \(p.priority)", field: "linux.resources.network.priorities[\(i)]")
        }
    }
}
