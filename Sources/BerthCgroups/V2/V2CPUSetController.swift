import BerthOCI

enum V2CPUSetController {
    static func set(_ dir: String, _ cpu: CPUResources?) throws {
        if let cpus = cpu?.cpus, !cpus.isEmpty {
            try CgroupFiles.write(dir, "cpuset.cpus", cpus, field: "linux.resources.cpu.cpus")
        }
        if let mems = cpu?.mems, !mems.isEmpty {
            try CgroupFiles.write(dir, "cpuset.mems", mems, field: "linux.resources.cpu.mems")
        }
    }
}
