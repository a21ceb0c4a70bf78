import BerthLinux
import BerthOCI
import Glibc

/// The values dockerd starts every Linux container from (moby daemon/pkg/oci/defaults.go and
/// caps/defaults.go). Kept in one place so tests can compare them with moby's lists line by line.
public enum DockerDefaults {
    /// `PATH` when neither the image nor the user sets one (moby's defaultUnixPathEnv).
    public static let pathEnv = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// Docker's default capability set, in moby's order.
    public static let capabilities: [String] = CapabilityNames.dockerDefault

    /// moby's defaultLinuxMaskedPaths, before the per-CPU `thermal_throttle` entries.
    public static let maskedPaths: [String] = [
        "/proc/acpi",
        "/proc/asound",
        "/proc/interrupts",  // GHSA-6fw5-f8r9-fgfm
        "/proc/kcore",
        "/proc/keys",
        "/proc/latency_stats",
        "/proc/sched_debug",
        "/proc/scsi",
        "/proc/timer_list",
        "/proc/timer_stats",
        "/sys/devices/virtual/powercap",  // GHSA-jq35-85cj-fj4p
        "/sys/firmware",
    ]

    public static let readonlyPaths: [String] = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]

    /// Masked paths as dockerd computes them on this host: the fixed list plus
    /// `/sys/devices/system/cpu/cpuN/thermal_throttle` for every CPU that has one (GHSA-6fw5-f8r9-fgfm).
    public static func hostMaskedPaths(cpuRoot: String = "/sys/devices/system/cpu") -> [String] {
        var paths = maskedPaths
        let cpus = ((try? FileIO.list(cpuRoot)) ?? [])
            .compactMap { name -> Int? in
                guard name.hasPrefix("cpu") else { return nil }
                return Int(name.dropFirst(3))
            }
            .sorted()
        for cpu in cpus {
            let path = "\(cpuRoot)/cpu\(cpu)/thermal_throttle"
            if access(path, F_OK) == 0 { paths.append(path) }
        }
        return paths
    }

    /// Docker's default mounts, before `/dev/shm` gets its size and user mounts replace any of them.
    public static let mounts: [Mount] = [
        Mount(destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"]),
        Mount(destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"]),
        Mount(destination: "/dev/pts", type: "devpts", source: "devpts",
              options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]),
        Mount(destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"]),
        Mount(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["ro", "nosuid", "noexec", "nodev"]),
        Mount(destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"]),
        Mount(destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "noexec", "nodev", "mode=1777"]),
    ]

    /// Namespaces of a default container, in moby's order (cgroup is added by the cgroupns mode).
    public static let namespaces: [NamespaceType] = [.mount, .network, .uts, .pid, .ipc]

    /// The device cgroup rules of moby's default spec: deny everything, then allow the devices every
    /// container gets (null, zero, urandom, random, tty, console) and deny /dev/fuse (10:229) explicitly.
    /// The runtime appends its own always-allowed rules (runc's AllowedDevices: `c *:* m`, `b *:* m`,
    /// 1:7, 5:2, 136:*, 10:200 ...); Docker's spec does not list them, so neither does this one.
    public static let deviceCgroupRules: [DeviceCgroupRule] = [
        DeviceCgroupRule(allow: false, access: "rwm"),
        DeviceCgroupRule(allow: true, type: "c", major: 1, minor: 5, access: "rwm"),
        DeviceCgroupRule(allow: true, type: "c", major: 1, minor: 3, access: "rwm"),
        DeviceCgroupRule(allow: true, type: "c", major: 1, minor: 9, access: "rwm"),
        DeviceCgroupRule(allow: true, type: "c", major: 1, minor: 8, access: "rwm"),
        DeviceCgroupRule(allow: true, type: "c", major: 5, minor: 0, access: "rwm"),
        DeviceCgroupRule(allow: true, type: "c", major: 5, minor: 1, access: "rwm"),
        DeviceCgroupRule(allow: false, type: "c", major: 10, minor: 229, access: "rwm"),
    ]

    /// dockerd's default `--shm-size`: 64 MiB.
    public static let shmSize: Int64 = 64 * 1024 * 1024

    /// The in-container path of `--init`'s binary (moby's inContainerInitPath).
    public static let initPathInContainer = "/sbin/docker-init"

    /// Docker's cgroupfs parent is `/docker`; Berth keeps its containers apart under `/berth`.
    public static let cgroupParent = "/berth"

    /// Namespaced sysctls dockerd sets for a container with its own network namespace (moby WithCommonOptions).
    public static let networkSysctls: [(key: String, value: String)] = [
        ("net.ipv4.ping_group_range", "0 2147483647"),
        ("net.ipv4.ip_unprivileged_port_start", "0"),
    ]
}
