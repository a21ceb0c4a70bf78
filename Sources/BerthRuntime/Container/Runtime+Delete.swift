import BerthCgroups
import BerthCore
import BerthLinux
import BerthOCI
import CBerthLinux
import Glibc

extension Runtime {
    /// `delete`: a stopped or created container is removed; a running one only with `force`.
    /// poststop hooks run last; their failures are warnings (runtime.md).
    public func delete(id: String, force: Bool) throws {
        let lock: ContainerLock
        do { lock = try store.lock(id) } catch let e as BerthError where e.code == .notFound && force {
            return
        }
        defer { _ = lock }
        let record: ContainerRecord
        do { record = try store.load(id) } catch {
            // A directory without state is a create that died mid-way: nothing to stop.
            store.remove(id)
            return
        }
        let status = store.status(of: record)
        if (status == .running || status == .paused) && !force {
            throw BerthError(.illegalState, "cannot delete container \(id) that is not stopped: \(status.rawValue)")
        }
        let cgroup = cgroupManager(for: record)
        log.debugLog("delete \(id): status \(status.rawValue), init \(record.initPid)\(force ? ", forced" : "")")
        if status != .stopped {
            if status == .paused { try? cgroup?.thaw() }
            Glibc.kill(record.initPid, SIGKILL)
            for pid in (try? cgroup?.pids()) ?? [] { Glibc.kill(pid, SIGKILL) }
            waitGone(record)
        }
        if let cgroup, !CgroupTeardown.run(cgroup, killRemaining: force) {
            log.warning("cgroup of \(id) could not be removed: it still has processes")
        }
        let state = State(id: id, status: "stopped", pid: 0, bundle: record.bundle, annotations: record.annotations)
        store.remove(id)
        log.debugLog("delete \(id): state and cgroup removed")
        for (i, hook) in (record.hooks?.poststop ?? []).enumerated() {
            do { try HookRunner.run([hook], kind: "poststop", state: state) } catch {
                log.warning("poststop hook #\(i) failed: \(error)")
            }
        }
    }

    func waitGone(_ record: ContainerRecord) {
        var status: Int32 = 0
        for _ in 0..<2000 {
            // Reap it if it is our child (run, or create in this process).
            _ = berth_wait_status(record.initPid, WNOHANG, &status)
            if !ProcStat.isRunning(pid: record.initPid, startTime: record.initStartTime) { return }
            usleep(1000)
        }
    }
}
