import BerthCore
import BerthLinux
import BerthOCI

/// cgroup v2: one directory in the unified hierarchy.
public struct V2Manager: CgroupManager {
    public let path: String
    /// The cgroup2 mount point; controllers are enabled on the way down from here.
    public let mountPoint: String

    public init(path: String, mountPoint: String) {
        self.path = path
        self.mountPoint = mountPoint
    }

    public var paths: [String: String] { ["": path] }
    public var mode: CgroupMode { .v2 }

    public func create() throws {
        try FileIO.mkdirAll(path)
        enableControllers()
    }

    /// Makes every controller available at the mount point available to the container, by writing "+name" into
    /// each ancestor's cgroup.subtree_control. Best effort: a parent with processes of its own ("no internal
    /// processes" rule) or a controller the kernel refuses leaves that controller off, and `set` then reports the
    /// missing interface file for the field that needed it.
    func enableControllers() {
        guard path.hasPrefix(mountPoint + "/") else { return }
        let relative = path.dropFirst(mountPoint.count + 1).split(separator: "/")
        var current = mountPoint
        for component in relative {
            let available = (CgroupFiles.read(current, "cgroup.controllers") ?? "").split(separator: " ")
            let enabled = Set((CgroupFiles.read(current, "cgroup.subtree_control") ?? "").split(separator: " "))
            for controller in available where !enabled.contains(controller) {
                try? CgroupFiles.write(current, "cgroup.subtree_control", "+\(controller)", field: "cgroup.subtree_control")
            }
            current += "/" + component
        }
    }

    public func apply(pid: Int32) throws {
        guard FileIO.isDirectory(path) else {
            throw BerthError(.notFound, "cgroup \(path) does not exist (create it before adding pid \(pid))")
        }
        try CgroupFiles.addProcess(path, pid: pid)
    }

    /// Nothing to do in the process itself: v2 is joined at fork time (openUnifiedDirectory).
    public func joinSelf() throws {}

    public func openUnifiedDirectory() throws -> Int32? {
        guard FileIO.isDirectory(path) else {
            throw BerthError(.notFound, "cgroup \(path) does not exist (create it before joining)")
        }
        return try CgroupFiles.openDirectory(path)
    }

    public func set(_ r: LinuxResources) throws {
        if let unified = r.unified { try V2UnifiedController.validate(unified) }
        if let n = r.network, n.classID != nil || !(n.priorities ?? []).isEmpty {
            throw BerthError(.unsupported, "linux.resources.network: net_cls/net_prio do not exist in cgroup v2")
        }
        // Compile the device filter before any write so bad rules fail the whole update.
        if let devices = r.devices { _ = try DeviceFilterProgram.generate(devices) }
        try V2CPUSetController.set(path, r.cpu)
        try V2MemoryController.set(path, r.memory)
        try V2CPUController.set(path, r.cpu)
        try V2PidsController.set(path, r.pids)
        try V2IOController.set(path, r.blockIO)
        try V2HugetlbController.set(path, r.hugepageLimits)
        try RDMALimits.set(path, r.rdma)
        try V2DevicesController.set(path, r.devices)
        try V2UnifiedController.set(path, r.unified)
    }

    public func freeze() throws { try V2FreezerController.setFrozen(path, true) }
    public func thaw() throws { try V2FreezerController.setFrozen(path, false) }
    public func isFrozen() -> Bool { V2FreezerController.isFrozen(path) }

    public func pids() throws -> [Int32] { try CgroupFiles.procs(path) }

    public func stats() throws -> CgroupStats {
        guard FileIO.isDirectory(path) else { throw BerthError(.notFound, "cgroup \(path) does not exist") }
        var s = CgroupStats()
        V2CPUController.stats(path, into: &s)
        V2MemoryController.stats(path, into: &s)
        V2PidsController.stats(path, into: &s)
        V2IOController.stats(path, into: &s)
        V2HugetlbController.stats(path, into: &s)
        return s
    }

    public func destroy() throws { try CgroupFiles.removeTree(path) }
}
