import BerthCore
import BerthLinux
import Glibc

/// The `cgroup` mount type: the container sees its own cgroup at the root of each hierarchy.
/// With a cgroup namespace the hierarchies are mounted afresh (the namespace roots them at the
/// container's cgroup); without one the host's container directories are bind-mounted, like runc.
/// v1, v2 and hybrid hosts are all mirrored as they are.
struct CgroupMount {
    let rootfs: String
    let target: String
    let newCgroupNamespace: Bool
    let cgroupPaths: [String: String]
    let readonly: Bool

    func perform() throws {
        let hostMounts = MountInfo.read().filter {
            ($0.fsType == "cgroup" || $0.fsType == "cgroup2") && $0.mountPoint.hasPrefix("/sys/fs/cgroup")
        }
        let roFlag = readonly ? MountFlag.rdonly : 0
        let baseFlags = MountFlag.nosuid | MountFlag.nodev | MountFlag.noexec
        // Pure v2: the unified hierarchy is mounted at /sys/fs/cgroup itself.
        if let unified = hostMounts.first(where: { $0.mountPoint == "/sys/fs/cgroup" && $0.fsType == "cgroup2" }) {
            try mountHierarchy(unified, at: target, flags: baseFlags | roFlag)
            return
        }
        try MountCall.mount("tmpfs", target, "tmpfs", baseFlags, "mode=755")
        let ownCgroups = Self.ownCgroups()
        for m in hostMounts {
            let name = String(m.mountPoint.dropFirst("/sys/fs/cgroup/".count))
            guard !name.isEmpty, !name.contains("/") else { continue }
            let dest = target + "/" + name
            try FileIO.mkdirAll(dest)
            if newCgroupNamespace {
                try mountHierarchy(m, at: dest, flags: baseFlags | roFlag)
            } else {
                let key = m.fsType == "cgroup2" ? "" : Self.subsystems(of: m).joined(separator: ",")
                let inner = ownCgroups[key] ?? "/"
                try MountCall.mount(m.mountPoint + (inner == "/" ? "" : inner), dest, "bind", MountFlag.bind)
                try MountCall.remount(dest, flags: baseFlags | roFlag)
            }
        }
        if readonly { try MountCall.remount(target, flags: baseFlags | MountFlag.rdonly) }
    }

    func mountHierarchy(_ m: MountInfo, at dest: String, flags: UInt) throws {
        if m.fsType == "cgroup2" {
            try MountCall.mount("cgroup2", dest, "cgroup2", flags)
        } else {
            try MountCall.mount("cgroup", dest, "cgroup", flags, Self.subsystems(of: m).joined(separator: ","))
        }
    }

    /// The controllers (or name=...) a v1 hierarchy was mounted with.
    static func subsystems(of m: MountInfo) -> [String] {
        m.superOptions.split(separator: ",").map(String.init).filter {
            $0 != "rw" && $0 != "ro" && !$0.hasPrefix("release_agent") && $0 != "clone_children" && $0 != "noprefix" && !$0.hasPrefix("xattr")
        }.sorted()
    }

    /// /proc/self/cgroup keyed by the sorted controller list ("" for the unified hierarchy).
    static func ownCgroups() -> [String: String] {
        guard let text = try? FileIO.readString("/proc/self/cgroup") else { return [:] }
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let key = parts[1].split(separator: ",").map(String.init).sorted().joined(separator: ",")
            out[key] = String(parts[2])
        }
        return out
    }
}
