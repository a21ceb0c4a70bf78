import BerthCore
import BerthLinux
import BerthOCI

enum V1CPUSetController {
    static func set(_ dir: String?, _ cpu: CPUResources?) throws {
        let cpus = cpu?.cpus.flatMap { $0.isEmpty ? nil : $0 }
        let mems = cpu?.mems.flatMap { $0.isEmpty ? nil : $0 }
        guard cpus != nil || mems != nil else { return }
        let dir = try CgroupFiles.need(dir, controller: "cpuset", field: "linux.resources.cpu.cpus")
        if let cpus { try CgroupFiles.write(dir, "cpuset.cpus", cpus, field: "linux.resources.cpu.cpus") }
        if let mems { try CgroupFiles.write(dir, "cpuset.mems", mems, field: "linux.resources.cpu.mems") }
    }

    /// A new v1 cpuset cgroup starts with empty cpus and mems, and the kernel refuses to add tasks to it
    /// (ENOSPC). Copy the nearest configured ancestor's values down to `dir`, like runc.
    static func inheritFromParent(_ dir: String) throws {
        guard FileIO.exists(dir + "/cpuset.cpus") else { return }
        let cpus = CgroupFiles.read(dir, "cpuset.cpus") ?? ""
        let mems = CgroupFiles.read(dir, "cpuset.mems") ?? ""
        guard cpus.isEmpty || mems.isEmpty else { return }
        let parent = parentDirectory(dir)
        guard parent != dir, FileIO.exists(parent + "/cpuset.cpus") else { return }
        try inheritFromParent(parent)
        if cpus.isEmpty, let p = CgroupFiles.read(parent, "cpuset.cpus") {
            try CgroupFiles.write(dir, "cpuset.cpus", p, field: "cpuset.cpus")
        }
        if mems.isEmpty, let p = CgroupFiles.read(parent, "cpuset.mems") {
            try CgroupFiles.write(dir, "cpuset.mems", p, field: "cpuset.mems")
        }
    }

    static func parentDirectory(_ dir: String) -> String {
        guard let slash = dir.lastIndex(of: "/"), slash != dir.startIndex else { return "/" }
        return String(dir[..<slash])
    }
}
