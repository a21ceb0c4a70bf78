import BerthCgroups
import BerthCore
import BerthLinux
import BerthOCI
import Glibc

extension Runtime {
    public func state(id: String) throws -> State {
        try ContainerID.validate(id)
        guard FileIO.isDirectory(store.directory(id)) else { throw BerthError(.notFound, "container does not exist: \(id)") }
        return store.publicState(try store.load(id))
    }

    public func list() -> [State] {
        store.ids().compactMap { try? store.publicState(store.load($0)) }
    }

    public func pids(id: String) throws -> [Int32] {
        let record = try store.load(id)
        guard let cgroup = cgroupManager(for: record) else { return [record.initPid] }
        return try cgroup.pids().sorted()
    }

    public func stats(id: String) throws -> CgroupStats {
        let record = try store.load(id)
        guard store.status(of: record) != .stopped else { throw BerthError(.illegalState, "container not running") }
        guard let cgroup = cgroupManager(for: record) else { throw BerthError(.unsupported, "container has no cgroup") }
        return try cgroup.stats()
    }

    /// `update`: new limits go to the cgroup and into the saved config, so later reads agree.
    public func update(id: String, resources: LinuxResources) throws {
        let lock = try store.lock(id)
        defer { _ = lock }
        let record = try store.load(id)
        guard store.status(of: record) != .stopped else { throw BerthError(.illegalState, "container not running") }
        guard let cgroup = cgroupManager(for: record) else { throw BerthError(.unsupported, "container has no cgroup") }
        try cgroup.set(resources)
        var config = try store.loadConfig(id)
        var linux = config.linux ?? Linux()
        linux.resources = ResourceMerge.merge(linux.resources ?? LinuxResources(), resources)
        config.linux = linux
        try store.saveConfig(config, id: id)
    }
}

/// Overlays the fields set in an update onto the saved resources.
enum ResourceMerge {
    static func merge(_ base: LinuxResources, _ update: LinuxResources) -> LinuxResources {
        var out = base
        if let m = update.memory {
            var mem = out.memory ?? MemoryResources()
            if let v = m.limit { mem.limit = v }
            if let v = m.reservation { mem.reservation = v }
            if let v = m.swap { mem.swap = v }
            if let v = m.kernel { mem.kernel = v }
            if let v = m.kernelTCP { mem.kernelTCP = v }
            if let v = m.swappiness { mem.swappiness = v }
            if let v = m.disableOOMKiller { mem.disableOOMKiller = v }
            out.memory = mem
        }
        if let c = update.cpu {
            var cpu = out.cpu ?? CPUResources()
            if let v = c.shares { cpu.shares = v }
            if let v = c.quota { cpu.quota = v }
            if let v = c.period { cpu.period = v }
            if let v = c.burst { cpu.burst = v }
            if let v = c.realtimeRuntime { cpu.realtimeRuntime = v }
            if let v = c.realtimePeriod { cpu.realtimePeriod = v }
            if let v = c.cpus { cpu.cpus = v }
            if let v = c.mems { cpu.mems = v }
            if let v = c.idle { cpu.idle = v }
            out.cpu = cpu
        }
        if let p = update.pids { out.pids = p }
        if let b = update.blockIO { out.blockIO = b }
        if let h = update.hugepageLimits { out.hugepageLimits = h }
        if let n = update.network { out.network = n }
        if let u = update.unified { out.unified = (out.unified ?? [:]).merging(u) { _, new in new } }
        if let d = update.devices { out.devices = d }
        return out
    }
}
