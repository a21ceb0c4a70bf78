import BerthCore
import BerthLinux
import BerthOCI

/// cgroup v1 (one directory per hierarchy). Also serves hybrid hosts: resources go to the v1 controllers, and the
/// container is additionally placed in the matching cgroup2 directory (key "unified"), as runc does, so that
/// cgroup2-aware tools and `resources.unified` core files see it.
public struct V1Manager: CgroupManager {
    public static let unifiedKey = "unified"

    public let paths: [String: String]

    public init(paths: [String: String]) {
        self.paths = paths
    }

    public var mode: CgroupMode { paths[Self.unifiedKey] == nil ? .v1 : .hybrid }

    /// Every distinct directory once (co-mounted controllers such as "cpu,cpuacct" share one).
    var directories: [String] {
        var seen = Set<String>()
        return paths.keys.sorted().compactMap { key in
            guard let dir = paths[key], seen.insert(dir).inserted else { return nil }
            return dir
        }
    }

    public func create() throws {
        for dir in directories { try FileIO.mkdirAll(dir) }
        if let cpuset = paths["cpuset"] { try V1CPUSetController.inheritFromParent(cpuset) }
    }

    public func apply(pid: Int32) throws {
        if let cpuset = paths["cpuset"] { try V1CPUSetController.inheritFromParent(cpuset) }
        for dir in directories {
            guard FileIO.isDirectory(dir) else {
                throw BerthError(.notFound, "cgroup \(dir) does not exist (create it before adding pid \(pid))")
            }
            try CgroupFiles.addProcess(dir, pid: pid)
        }
    }

    public func joinSelf() throws {
        if let cpuset = paths["cpuset"] { try V1CPUSetController.inheritFromParent(cpuset) }
        let unified = paths[Self.unifiedKey]
        for dir in directories where dir != unified {
            guard FileIO.isDirectory(dir) else {
                throw BerthError(.notFound, "cgroup \(dir) does not exist (create it before joining)")
            }
            try CgroupFiles.write(dir, "tasks", "0", field: "tasks")
        }
    }

    public func openUnifiedDirectory() throws -> Int32? {
        guard let unified = paths[Self.unifiedKey] else { return nil }
        return try CgroupFiles.openDirectory(unified)
    }

    public func set(_ r: LinuxResources) throws {
        // Validate everything that can be checked without touching the kernel first, so a bad field does not leave
        // half-applied limits behind.
        if let devices = r.devices {
            for (i, rule) in devices.enumerated() { _ = try V1DevicesController.entry(rule, index: i) }
        }
        if let unified = r.unified, !unified.isEmpty {
            guard paths[Self.unifiedKey] != nil else {
                throw BerthError(.unsupported, "linux.resources.unified: requires cgroup v2, but this host uses cgroup v1 only")
            }
            try V2UnifiedController.validate(unified)
        }
        try V1CPUSetController.set(paths["cpuset"], r.cpu)
        try V1MemoryController.set(paths["memory"], r.memory)
        try V1CPUController.set(paths["cpu"], r.cpu)
        try V1PidsController.set(paths["pids"], r.pids)
        try V1BlkioController.set(paths["blkio"], r.blockIO)
        try V1HugetlbController.set(paths["hugetlb"], r.hugepageLimits)
        try V1NetClsController.set(paths["net_cls"], r.network)
        try V1NetPrioController.set(paths["net_prio"], r.network)
        try RDMALimits.set(paths["rdma"], r.rdma)
        try V1DevicesController.set(paths["devices"], r.devices)
        if let unified = r.unified, let dir = paths[Self.unifiedKey] {
            try V2UnifiedController.set(dir, unified)
        }
    }

    private func freezerDir() throws -> String {
        try CgroupFiles.need(paths["freezer"], controller: "freezer", field: "freeze")
    }

    public func freeze() throws { try V1FreezerController.freeze(try freezerDir()) }

    public func thaw() throws { try V1FreezerController.thaw(try freezerDir()) }

    public func isFrozen() -> Bool {
        guard let dir = paths["freezer"] else { return false }
        return V1FreezerController.state(dir) == "FROZEN"
    }

    public func pids() throws -> [Int32] {
        // Any hierarchy holds the same processes; prefer ones every v1 host has.
        let preferred = ["freezer", "pids", "memory", "cpu", "devices"].compactMap { paths[$0] }
        guard let dir = preferred.first ?? directories.first else {
            throw BerthError(.notFound, "cgroup has no directories to list processes from")
        }
        return try CgroupFiles.procs(dir)
    }

    public func stats() throws -> CgroupStats {
        var s = CgroupStats()
        if let d = paths["memory"] { V1MemoryController.stats(d, into: &s) }
        if let d = paths["cpuacct"] { V1CPUAcctController.stats(d, into: &s) }
        if let d = paths["cpu"] { V1CPUController.stats(d, into: &s) }
        if let d = paths["pids"] { V1PidsController.stats(d, into: &s) }
        if let d = paths["blkio"] { V1BlkioController.stats(d, into: &s) }
        if let d = paths["hugetlb"] { V1HugetlbController.stats(d, into: &s) }
        return s
    }

    public func destroy() throws {
        var firstError: (any Error)?
        for dir in directories {
            do { try CgroupFiles.removeTree(dir) } catch { firstError = firstError ?? error }
        }
        if let firstError { throw firstError }
    }
}
