import BerthCore
import BerthLinux
import BerthOCI
import CBerthLinux
import Glibc

/// Performs one OCI mount inside the rootfs. Destinations are resolved with SecureJoin, so a
/// symlink in the image can never redirect a mount onto the host.
struct MountPerformer {
    let rootfs: String
    let newUserNamespace: Bool
    let newCgroupNamespace: Bool
    var idmappedTree: Int32? = nil

    func perform(_ mount: Mount) throws {
        let options = MountOptions(mount.options ?? [])
        let type = mount.type ?? (options.isBind ? "bind" : "none")
        let target = try SecureJoin.resolve(root: rootfs, mount.destination)
        guard target == rootfs || target.hasPrefix(rootfs + "/") else {
            throw BerthError(.invalidConfig, "destination escapes the rootfs")
        }
        if options.isBind || type == "bind" {
            try bind(mount, options: options, target: target)
        } else if type == "cgroup" || type == "cgroup2" {
            try FileIO.mkdirAll(target)
            try CgroupFilesystem(target: target, newCgroupNamespace: newCgroupNamespace,
                                 readonly: options.flags & MountFlag.rdonly != 0).perform()
            return
        } else {
            try FileIO.mkdirAll(target)
            if options.tmpcopyup && type == "tmpfs" {
                try tmpcopyup(mount, options: options, target: target)
            } else {
                do {
                    try MountCall.mount(mount.source ?? type, target, type, options.flags, options.dataString)
                } catch let e as BerthError where newUserNamespace && (type == "sysfs" || type == "mqueue") {
                    // A user namespace that does not own the network namespace may not mount sysfs
                    // (nor mqueue without its ipc namespace): fall back to a bind of the host's, as runc does.
                    _ = e
                    let hostPath = type == "sysfs" ? "/sys" : "/dev/mqueue"
                    try MountCall.mount(hostPath, target, "bind", MountFlag.bind | MountFlag.rec)
                    try MountCall.remount(target, flags: options.flags & ~(MountFlag.bind | MountFlag.rec))
                }
            }
        }
        for p in options.propagation { try MountCall.mount(nil, target, nil, p) }
        if options.recursiveSet != 0 || options.recursiveClear != 0 {
            guard berth_mount_setattr_recursive(AT_FDCWD, target, options.recursiveSet, options.recursiveClear, 0, -1, 1) == 0 else {
                throw BerthError.sys("mount_setattr \(target)")
            }
        }
    }

    func bind(_ mount: Mount, options: MountOptions, target: String) throws {
        guard let source = mount.source, !source.isEmpty else {
            throw BerthError(.invalidConfig, "bind mount needs a source")
        }
        var st = stat()
        guard stat(source, &st) == 0 else { throw BerthError.sys("stat bind source \(source)") }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            try FileIO.mkdirAll(target)
        } else {
            let parent = String(target[..<(target.lastIndex(of: "/") ?? target.endIndex)])
            try FileIO.mkdirAll(parent)
            if !FileIO.exists(target) {
                let fd = berthOpen(target, O_CREAT | O_WRONLY | O_CLOEXEC, 0o644)
                guard fd >= 0 else { throw BerthError.sys("create bind target \(target)") }
                close(fd)
            }
        }
        if let tree = idmappedTree {
            try IDMappedMounts.attach(tree, at: target)
        } else {
            try MountCall.mount(source, target, "bind", MountFlag.bind | (options.flags & MountFlag.rec))
        }
        let extra = options.flags & ~(MountFlag.bind | MountFlag.rec | MountFlag.remount)
        if extra != 0 {
            try MountCall.remount(target, flags: extra | (options.flags & MountFlag.rec))
        }
    }

    /// tmpfs seeded with what the image had at the destination.
    func tmpcopyup(_ mount: Mount, options: MountOptions, target: String) throws {
        let staging = rootfs + "/.berth-tmpcopyup"
        try FileIO.mkdirAll(staging, mode: 0o700)
        defer { rmdir(staging) }
        try MountCall.mount("tmpfs", staging, "tmpfs", options.flags, options.dataString)
        do {
            try TreeCopy.copyContents(of: target, into: staging)
            try MountCall.mount(staging, target, nil, MountFlag.move)
        } catch {
            umount2(staging, Int32(MNT_DETACH))
            throw error
        }
    }
}
