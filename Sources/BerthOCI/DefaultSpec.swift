
/// The bundle `spec` writes: runc's default config, so tools that script `runc spec` get the same
/// container from berth-runtime.
public enum DefaultSpec {
    public static func make(rootless: Bool, uid: UInt32 = 0, gid: UInt32 = 0) -> Spec {
        let caps = ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]
        var process = Process(terminal: true, user: User(uid: 0, gid: 0), args: ["sh"],
                              env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"],
                              cwd: "/", capabilities: Capabilities(bounding: caps, effective: caps, permitted: caps),
                              rlimits: [Rlimit(type: "RLIMIT_NOFILE", hard: 1024, soft: 1024)], noNewPrivileges: true)
        process.consoleSize = nil
        var mounts: [Mount] = [
            Mount(destination: "/proc", type: "proc", source: "proc"),
            Mount(destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"]),
            Mount(destination: "/dev/pts", type: "devpts", source: "devpts",
                  options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]),
            Mount(destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]),
            Mount(destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"]),
            Mount(destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"]),
            Mount(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["nosuid", "noexec", "nodev", "relatime", "ro"]),
        ]
        var linux = Linux()
        linux.maskedPaths = ["/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                             "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware",
                             "/proc/scsi"]
        linux.readonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
        var namespaces: [Namespace] = [Namespace(type: .pid), Namespace(type: .network), Namespace(type: .ipc),
                                       Namespace(type: .uts), Namespace(type: .mount), Namespace(type: .cgroup)]
        if rootless {
            namespaces.removeAll { $0.type == .network }
            namespaces.append(Namespace(type: .user))
            linux.uidMappings = [IDMapping(containerID: 0, hostID: uid, size: 1)]
            linux.gidMappings = [IDMapping(containerID: 0, hostID: gid, size: 1)]
            mounts.removeAll { $0.destination == "/sys" || $0.destination == "/sys/fs/cgroup" }
            mounts.append(Mount(destination: "/sys", type: "none", source: "/sys", options: ["rbind", "nosuid", "noexec", "nodev", "ro"]))
            for i in mounts.indices where mounts[i].destination == "/dev/pts" {
                mounts[i].options?.removeAll { $0 == "gid=5" }
            }
            mounts.removeAll { $0.destination == "/dev/mqueue" }
            mounts.append(Mount(destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"]))
        } else {
            var resources = LinuxResources()
            resources.devices = [DeviceCgroupRule(allow: false, access: "rwm")]
            linux.resources = resources
        }
        linux.namespaces = namespaces
        return Spec(process: process, root: Root(path: "rootfs", readonly: true), hostname: "runc", mounts: mounts, linux: linux)
    }
}
