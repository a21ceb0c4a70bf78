import BerthCgroups
import BerthCore
import BerthLinux
import Glibc

extension Runtime {
    /// `kill`: signals the init, or with `all` every process in the container's cgroup.
    public func kill(id: String, signal: Int32, all: Bool) throws {
        let lock = try store.lock(id)
        defer { _ = lock }
        let record = try store.load(id)
        let status = store.status(of: record)
        if status == .stopped && !all { throw BerthError(.illegalState, "container not running") }
        log.debugLog("kill \(id): signal \(signal)\(all ? " to every process" : " to init \(record.initPid)")")
        if all, let cgroup = cgroupManager(for: record) {
            // A frozen cgroup cannot act on signals; SIGKILL needs it thawed to take effect.
            let frozen = cgroup.isFrozen()
            if frozen && signal == SIGKILL { try? cgroup.freeze() }
            for pid in (try? cgroup.pids()) ?? [] { Glibc.kill(pid, signal) }
            if frozen && signal == SIGKILL { try? cgroup.thaw() }
            return
        }
        guard Glibc.kill(record.initPid, signal) == 0 else { throw BerthError.sys("kill \(record.initPid)") }
    }

    public func pause(id: String) throws {
        let lock = try store.lock(id)
        defer { _ = lock }
        var record = try store.load(id)
        guard store.status(of: record) == .running else {
            throw BerthError(.illegalState, "container not running")
        }
        guard let cgroup = cgroupManager(for: record) else { throw BerthError(.unsupported, "container has no cgroup to freeze") }
        try cgroup.freeze()
        record.paused = true
        try store.save(record)
    }

    public func resume(id: String) throws {
        let lock = try store.lock(id)
        defer { _ = lock }
        var record = try store.load(id)
        guard store.status(of: record) == .paused else { throw BerthError(.illegalState, "container not paused") }
        guard let cgroup = cgroupManager(for: record) else { throw BerthError(.unsupported, "container has no cgroup to thaw") }
        try cgroup.thaw()
        record.paused = nil
        try store.save(record)
    }
}
