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

    /// Parses mountinfo(5): "id parent maj:min root mountpoint opts [optional...] - fstype source superopts".
    public static func parse(mountinfo: String) -> CgroupMounts {
        var v1: [CgroupMount] = []
        var unified: CgroupMount?
        var seen = Set<String>()
        for line in mountinfo.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard let dash = fields.firstIndex(of: "-"), dash >= 6, fields.count >= dash + 4 else { continue }
            let fsType = fields[dash + 1]
            let root = unescape(fields[3])
            let mountPoint = unescape(fields[4])
            switch fsType {
            case "cgroup2":
                // Prefer the canonical locations when several cgroup2 mounts exist.
                if unified == nil || mountPoint == defaultRoot || mountPoint == defaultRoot + "/unified" {
                    unified = CgroupMount(mountPoint: mountPoint, root: root, controllers: [])
                }
            case "cgroup":
                let known: Set<String> = [
                    "cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids", "hugetlb",
                    "net_cls", "net_prio", "perf_event", "rdma", "misc",
                ]
                let controllers = fields[dash + 3].split(separator: ",").map(String.init)
                    .filter { known.contains($0) || $0.hasPrefix("name=") }
                guard !controllers.isEmpty, !controllers.contains(where: { seen.contains($0) }) else { continue }
                controllers.forEach { seen.insert($0) }
                v1.append(CgroupMount(mountPoint: mountPoint, root: root, controllers: controllers))
            default:
                continue
            }
        }
        return CgroupMounts(v1: v1, unified: unified)
    }

    public func mount(for controller: String) -> CgroupMount? {
        v1.first { $0.controllers.contains(controller) }
    }

    /// mountinfo escapes space, tab, newline and backslash as octal.
    static func unescape(_ s: String) -> String {
        guard s.contains("\\") else { return s }
        var out: [UInt8] = []
        let bytes = Array(s.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\"), i + 3 < bytes.count {
                let digits = bytes[(i + 1)...(i + 3)]
                if let v = UInt8(String(decoding: digits, as: UTF8.self), radix: 8) {
                    out.append(v)
                    i += 4
                    continue
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
