import BerthCgroups
import Glibc

/// Removes a container's cgroup, shared by delete and by a failed create's cleanup.
enum CgroupTeardown {
    /// Without a pid namespace, children of the init survive it: with `killRemaining` they are
    /// swept first. `destroy` itself waits out the kernel's brief EBUSY after the last exit, so
    /// no retry loop is needed here. Returns whether the cgroup is gone.
    static func run(_ cgroup: any CgroupManager, killRemaining: Bool) -> Bool {
        if killRemaining {
            for _ in 0..<200 {
                let pids = (try? cgroup.pids()) ?? []
                if pids.isEmpty { break }
                for pid in pids { kill(pid, SIGKILL) }
                usleep(5000)
            }
        }
        return (try? cgroup.destroy()) != nil
    }
}
