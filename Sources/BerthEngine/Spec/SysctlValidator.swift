import BerthCore

/// Which `--sysctl` keys a container may set: only namespaced ones, and only when it has its own
/// namespace of that kind. The texts are runc's (libcontainer/configs/validate), which is what a
/// `docker run --sysctl` user sees when the runtime refuses the spec.
public enum SysctlValidator {
    /// IPC-namespaced sysctls (runc's list; fs.mqueue.* by prefix).
    static let ipcSysctls: Set<String> = [
        "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax",
        "kernel.shmmni", "kernel.shm_rmid_forced",
    ]

    public static func validate(_ sysctls: [String: String], ipcPrivate: Bool, networkPrivate: Bool, utsPrivate: Bool) throws {
        for key in sysctls.keys.sorted() {
            if ipcSysctls.contains(key) || key.hasPrefix("fs.mqueue.") {
                guard ipcPrivate else { throw BerthError(.invalidArgument, "sysctl \"\(key)\" is not allowed in the hosts ipc namespace") }
                continue
            }
            if key.hasPrefix("net.") {
                guard networkPrivate else { throw BerthError(.invalidArgument, "sysctl \"\(key)\" not allowed in host network namespace") }
                continue
            }
            if key == "kernel.domainname" || key == "kernel.hostname" {
                guard utsPrivate else { throw BerthError(.invalidArgument, "sysctl \"\(key)\" is not allowed in the hosts uts namespace") }
                continue
            }
            throw BerthError(.invalidArgument, "sysctl \"\(key)\" is not in a separate kernel namespace")
        }
    }
}
