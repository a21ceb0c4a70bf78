import BerthCgroups
import BerthCore
import BerthLinux
import Glibc

/// The `cgroup` mount type: the container sees its own cgroup at the root of each hierarchy.
/// With a cgroup namespace the hierarchies are mounted afresh (the namespace roots them at the
/// container's cgroup); without one the host's container directories are bind-mounted, like runc.
/// v1, v2 and hybrid hosts are all mirrored as they are. The hierarchies and this process's place
/// in them come from BerthCgroups (CgroupMounts, ProcessCgroups).
struct CgroupFilesystem {
    let target: String
    let newCgroupNamespace: Bool
    let readonly: Bool

    func perform() throws {
        let mounts = try CgroupMounts.load()
        let own = try ProcessCgroups.load()
        let roFlag = readonly ? MountFlag.rdonly : 0
        let baseFlags = MountFlag.nosuid | MountFlag.nodev | MountFlag.noexec
        // Pure v2: the unified hierarchy is mounted at /sys/fs/cgroup itself.
        if let unified = mounts.unified, unified.mountPoint == CgroupMounts.defaultRoot {
            try mountHierarchy(unified, own: own.unified, at: target, flags: baseFlags | roFlag)
            return
        }
        try MountCall.mount("tmpfs", target, "tmpfs", baseFlags, "mode=755")
        for m in mounts.v1 + (mounts.unified.map { [$0] } ?? []) {
            guard m.mountPoint.hasPrefix(CgroupMounts.defaultRoot + "/") else { continue }
            let name = String(m.mountPoint.dropFirst(CgroupMounts.defaultRoot.count + 1))
            guard !name.isEmpty, !name.contains("/") else { continue }
            let dest = target + "/" + name
            try FileIO.mkdirAll(dest)
            let ownPath = m.controllers.isEmpty ? own.unified : m.controllers.first.flatMap { own.v1[$0] }
            try mountHierarchy(m, own: ownPath, at: dest, flags: baseFlags | roFlag)
        }
        if readonly { try MountCall.remount(target, flags: baseFlags | MountFlag.rdonly) }
    }

    func mountHierarchy(_ m: BerthCgroups.CgroupMount, own: String?, at dest: String, flags: UInt) throws {
        if newCgroupNamespace {
            if m.controllers.isEmpty {
                try MountCall.mount("cgroup2", dest, "cgroup2", flags)
            } else {
                try MountCall.mount("cgroup", dest, "cgroup", flags, m.controllers.joined(separator: ","))
            }
            return
        }
        try MountCall.mount(m.directory(for: own ?? "/"), dest, "bind", MountFlag.bind)
        try MountCall.remount(dest, flags: flags)
    }
}
