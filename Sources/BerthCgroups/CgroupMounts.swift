import BerthCore
import BerthLinux

/// The cgroup mounts of this process's mount namespace.
public struct CgroupMounts: Sendable, Equatable {
    public static let defaultRoot = "/sys/fs/cgroup"

    /// v1 hierarchies; the first mount of a controller wins (bind mounts of the same hierarchy follow it).
    public var v1: [CgroupMount]
    public var unified: CgroupMount?

    public init(v1: [CgroupMount], unified: CgroupMount?) {
        self.v1 = v1
        self.unified = unified
    }

    public static func load() throws -> CgroupMounts {
        parse(mountinfo: try FileIO.readString("/proc/self/mountinfo"))
    }

    /// Picks the cgroup hierarchies out of mountinfo(5) text (parsed by BerthLinux's MountInfo).
    public static func parse(mountinfo: String) -> CgroupMounts {
        var v1: [CgroupMount] = []
        var unified: CgroupMount?
        var seen = Set<String>()
        let known: Set<String> = [
            "cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids", "hugetlb",
            "net_cls", "net_prio", "perf_event", "rdma", "misc",
        ]
        for line in mountinfo.split(separator: "\n") {
            guard let m = MountInfo.parseLine(String(line)) else { continue }
            switch m.fsType {
            case "cgroup2":
                // Prefer the canonical locations when several cgroup2 mounts exist.
                if unified == nil || m.mountPoint == defaultRoot || m.mountPoint == defaultRoot + "/unified" {
                    unified = CgroupMount(mountPoint: m.mountPoint, root: m.root, controllers: [])
                }
            case "cgroup":
                let controllers = m.superOptions.split(separator: ",").map(String.init)
                    .filter { known.contains($0) || $0.hasPrefix("name=") }
                guard !controllers.isEmpty, !controllers.contains(where: { seen.contains($0) }) else { continue }
                controllers.forEach { seen.insert($0) }
                v1.append(CgroupMount(mountPoint: m.mountPoint, root: m.root, controllers: controllers))
            default:
                continue
            }
        }
        return CgroupMounts(v1: v1, unified: unified)
    }

    public func mount(for controller: String) -> CgroupMount? {
        v1.first { $0.controllers.contains(controller) }
    }
}
