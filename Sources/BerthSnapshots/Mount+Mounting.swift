import BerthCore
import BerthLinux
#if canImport(Glibc)
import Glibc
#endif

/// Performing snapshot mounts, for callers that need a layer mounted in their own namespace (an
/// unpacker applying a layer, tests). Snapshotters never call this.
extension Mount {
    /// mount(2) of this mount at `target`. Bind mounts that ask for "ro" get the read-only remount a
    /// bind needs (MS_RDONLY is ignored when a bind is created).
    public func mount(at target: String) throws {
        let parsed = MountOptions(options)
        var flags = parsed.flags
        let data = parsed.dataString
        if type == "bind" || parsed.isBind {
            flags |= MountFlag.bind
            guard Glibc.mount(source, target, nil, flags & ~MountFlag.rdonly, nil) == 0 else {
                throw BerthError.sys("mount bind \(source) on \(target)")
            }
            if flags & MountFlag.rdonly != 0 {
                let remount = MountFlag.remount | MountFlag.bind | MountFlag.rdonly
                guard Glibc.mount(nil, target, nil, remount, nil) == 0 else {
                    let e = errno
                    umount2(target, Int32(MNT_DETACH))
                    throw BerthError.sys("remount \(target) read-only", errno: e)
                }
            }
            return
        }
        let result = data.isEmpty
            ? Glibc.mount(source, target, type, flags, nil)
            : Glibc.mount(source, target, type, flags, data)
        guard result == 0 else { throw BerthError.sys("mount \(type) \(source) on \(target)") }
    }

    /// Mounts each in order on `target` (containerd's mount.All).
    public static func mountAll(_ mounts: [Mount], at target: String) throws {
        for (index, mount) in mounts.enumerated() {
            do {
                try mount.mount(at: target)
            } catch {
                for _ in 0..<index { umount2(target, Int32(MNT_DETACH)) }
                throw error
            }
        }
    }

    /// Unmounts everything stacked on `target` (lazily if busy).
    public static func unmountAll(_ target: String) throws {
        while true {
            if umount2(target, 0) == 0 { continue }
            switch errno {
            case EINVAL: return  // not a mount point (any more)
            case EBUSY:
                guard umount2(target, Int32(MNT_DETACH)) == 0 else { throw BerthError.sys("unmount \(target)") }
            default: throw BerthError.sys("unmount \(target)")
            }
        }
    }
}
