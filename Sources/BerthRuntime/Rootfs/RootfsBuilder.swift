import BerthCore
import BerthLinux
import BerthOCI
import CBerthLinux
import Glibc

/// Builds the container's filesystem view inside its new mount namespace, in runc's order: root
/// propagation, rootfs bind, config mounts, /dev, console, then (after the createContainer hooks)
/// pivot_root, masked and read-only paths, and a read-only root.
struct RootfsBuilder {
    let spec: Spec
    let rootfs: String
    let newUserNamespace: Bool
    let newCgroupNamespace: Bool
    var idmappedTrees: [Int: Int32] = [:]

    var linux: Linux { spec.linux ?? Linux() }

    func propagationFlag() -> UInt? {
        switch linux.rootfsPropagation ?? "" {
        case "shared": return MountFlag.shared
        case "rshared": return MountFlag.shared | MountFlag.rec
        case "slave": return MountFlag.slave
        case "rslave": return MountFlag.slave | MountFlag.rec
        case "private": return MountFlag.private
        case "rprivate": return MountFlag.private | MountFlag.rec
        case "unbindable": return MountFlag.unbindable
        case "runbindable": return MountFlag.unbindable | MountFlag.rec
        default: return nil
        }
    }

    /// Everything up to pivot_root. Returns the console pty when the process wants a terminal.
    func prepare(terminal: Bool, consoleSize: Box?) throws -> Pty? {
        try MountCall.mount(nil, "/", nil, propagationFlag() ?? (MountFlag.slave | MountFlag.rec))
        // A recursive slave/private "/" leaves no shared mount behind; anything else may leave the
        // rootfs's parent shared with the host, which would leak our mounts and make pivot_root fail.
        if let p = propagationFlag(), !(p & MountFlag.rec != 0 && p & (MountFlag.slave | MountFlag.private) != 0) {
            try unshareParentMount(slave: p & MountFlag.slave != 0)
        }
        try MountCall.mount(rootfs, rootfs, "bind", MountFlag.bind | MountFlag.rec)

        for (i, mount) in (spec.mounts ?? []).enumerated() {
            do { try MountPerformer(rootfs: rootfs, newUserNamespace: newUserNamespace,
                                    newCgroupNamespace: newCgroupNamespace,
                                    idmappedTree: idmappedTrees[i]).perform(mount) }
            catch let e as BerthError {
                throw BerthError(e.code, "mounts[\(i)] (\(mount.destination)): \(e.message)", cause: e.cause)
            }
        }
        let devIsBound = (spec.mounts ?? []).contains { $0.destination == "/dev" && MountOptions($0.options ?? []).isBind }
        if !devIsBound {
            try DeviceSetup(rootfs: rootfs, bindFromHost: newUserNamespace).create(defaults: defaultDevices, configured: linux.devices ?? [])
            try DeviceSetup.links(rootfs: rootfs)
        }
        var pty: Pty?
        if terminal {
            pty = try openConsole(size: consoleSize)
        }
        return pty
    }

    var defaultDevices: [Device] {
        [
            Device(type: "c", path: "/dev/null", major: 1, minor: 3, fileMode: 0o666, uid: 0, gid: 0),
            Device(type: "c", path: "/dev/zero", major: 1, minor: 5, fileMode: 0o666, uid: 0, gid: 0),
            Device(type: "c", path: "/dev/full", major: 1, minor: 7, fileMode: 0o666, uid: 0, gid: 0),
            Device(type: "c", path: "/dev/random", major: 1, minor: 8, fileMode: 0o666, uid: 0, gid: 0),
            Device(type: "c", path: "/dev/urandom", major: 1, minor: 9, fileMode: 0o666, uid: 0, gid: 0),
            Device(type: "c", path: "/dev/tty", major: 5, minor: 0, fileMode: 0o666, uid: 0, gid: 0),
        ]
    }

    /// pivot_root needs the new root's parent mount not to be shared, and a shared parent would
    /// propagate every container mount to the host. A slave keeps host-to-container propagation
    /// (what `slave` asks for); otherwise it becomes private (runc's rootfsParentMountPrivate).
    func unshareParentMount(slave: Bool) throws {
        let parent = String(rootfs[..<(rootfs.lastIndex(of: "/") ?? rootfs.endIndex)])
        if let m = MountInfo.containing(parent.isEmpty ? "/" : parent, in: MountInfo.read()), m.isShared {
            try MountCall.mount(nil, m.mountPoint, nil, slave ? MountFlag.slave : MountFlag.private)
        }
    }

    /// The console is a pty from the container's own devpts, bind-mounted on /dev/console.
    func openConsole(size: Box?) throws -> Pty {
        let ptmx = FileIO.exists(rootfs + "/dev/pts/ptmx") ? rootfs + "/dev/pts/ptmx" : rootfs + "/dev/ptmx"
        let pty = try Pty.open(ptmx: ptmx, rows: UInt16(clamping: size?.height ?? 0), cols: UInt16(clamping: size?.width ?? 0))
        let console = rootfs + "/dev/console"
        if !FileIO.exists(console) {
            let fd = berthOpen(console, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
            if fd >= 0 { close(fd) }
        }
        try MountCall.mount(rootfs + pty.slaveName, console, "bind", MountFlag.bind)
        return pty
    }

    func pivot(noPivot: Bool) throws {
        if noPivot {
            guard chdir(rootfs) == 0 else { throw BerthError.sys("chdir \(rootfs)") }
            try MountCall.mount(rootfs, "/", nil, MountFlag.move)
            guard chroot(".") == 0 else { throw BerthError.sys("chroot \(rootfs)") }
            guard chdir("/") == 0 else { throw BerthError.sys("chdir /") }
            return
        }
        let oldRoot = berthOpen("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC)
        guard oldRoot >= 0 else { throw BerthError.sys("open /") }
        defer { close(oldRoot) }
        let newRoot = berthOpen(rootfs, O_DIRECTORY | O_RDONLY | O_CLOEXEC)
        guard newRoot >= 0 else { throw BerthError.sys("open \(rootfs)") }
        defer { close(newRoot) }
        guard fchdir(newRoot) == 0 else { throw BerthError.sys("chdir \(rootfs)") }
        // pivot_root(".", ".") stacks the old root under the new one; detaching it leaves only the rootfs.
        guard berth_pivot_root(".", ".") == 0 else { throw BerthError.sys("pivot_root \(rootfs)") }
        guard fchdir(oldRoot) == 0 else { throw BerthError.sys("chdir old root") }
        try MountCall.mount(nil, ".", nil, MountFlag.slave | MountFlag.rec)
        guard umount2(".", Int32(MNT_DETACH)) == 0 else { throw BerthError.sys("unmount old root") }
        guard chdir("/") == 0 else { throw BerthError.sys("chdir /") }
    }

    /// After pivot_root: masking, read-only paths, the read-only root, and shared propagation.
    func finish() throws {
        for path in linux.maskedPaths ?? [] { try mask(path) }
        for path in linux.readonlyPaths ?? [] { try makeReadonly(path) }
        if spec.root?.readonly == true {
            try MountCall.remount("/", flags: MountFlag.rdonly)
        }
        // After pivot_root, so the flag lands on the container's root, never on a host mount.
        if let p = propagationFlag() {
            try MountCall.mount(nil, "/", nil, p)
        }
    }

    func mask(_ path: String) throws {
        var st = stat()
        guard stat(path, &st) == 0 else {
            if errno == ENOENT { return }
            throw BerthError.sys("stat masked path \(path)")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            try MountCall.mount("tmpfs", path, "tmpfs", MountFlag.rdonly, "size=0k")
        } else {
            try MountCall.mount("/dev/null", path, "bind", MountFlag.bind)
        }
    }

    func makeReadonly(_ path: String) throws {
        guard FileIO.exists(path) else { return }
        try MountCall.mount(path, path, "bind", MountFlag.bind | MountFlag.rec)
        try MountCall.remount(path, flags: MountFlag.rdonly | MountFlag.rec)
    }

    /// Sysctls are written before pivot_root through the host's /proc: net.* and the IPC keys are
    /// per-namespace and resolve against the writer's namespaces, which are already the container's.
    func applySysctls() throws {
        for (key, value) in (linux.sysctl ?? [:]).sorted(by: { $0.key < $1.key }) {
            let path = "/proc/sys/" + key.sysctlPath
            do { try FileIO.write(path, value, flags: O_WRONLY) } catch let e as BerthError {
                throw BerthError(.invalidConfig, "linux.sysctl \"\(key)\": cannot set \"\(value)\"", cause: e.cause)
            }
        }
    }
}

extension String {
    /// "net.ipv4.ip_forward" -> "net/ipv4/ip_forward".
    var sysctlPath: String { String(map { $0 == "." ? "/" : $0 }) }
}
