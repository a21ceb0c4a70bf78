import BerthCore
import BerthLinux
import BerthOCI
import CBerthLinux
import Glibc

/// idmapped bind mounts (`idmap`/`ridmap` options). The runtime parent, still in the host's
/// namespaces, clones each source tree (open_tree) and marks it MOUNT_ATTR_IDMAP with a user
/// namespace holding the mount's mappings. The detached trees are inherited as fds by the init,
/// which attaches them inside the rootfs with move_mount, as runc does with its mount fds.
enum IDMappedMounts {
    static let openTreeClone: UInt32 = 1
    static let atRecursive: UInt32 = 0x8000
    static let moveMountFromEmptyPath: UInt32 = 0x4

    /// Mount index -> detached idmapped tree fd.
    static func prepare(_ mounts: [Mount]) throws -> [Int: Int32] {
        var out: [Int: Int32] = [:]
        for (i, mount) in mounts.enumerated() {
            let options = MountOptions(mount.options ?? [])
            guard options.idmap else { continue }
            let field = "mounts[\(i)] (\(mount.destination))"
            guard let source = mount.source, !(mount.uidMappings ?? []).isEmpty, !(mount.gidMappings ?? []).isEmpty else {
                throw BerthError(.invalidConfig, "\(field): idmap needs a source, uidMappings and gidMappings")
            }
            let recursive = options.recursiveIdmap || options.flags & MountFlag.rec != 0
            let userns = try userNamespace(uid: mount.uidMappings ?? [], gid: mount.gidMappings ?? [])
            defer { close(userns) }
            let flags = openTreeClone | UInt32(O_CLOEXEC) | (recursive ? atRecursive : 0)
            let tree = berth_open_tree(AT_FDCWD, source, flags)
            guard tree >= 0 else { throw BerthError.sys("\(field): open_tree \(source)") }
            guard berth_mount_setattr_recursive(tree, "", MountAttr.idmap, 0, 0, userns, recursive ? 1 : 0) == 0 else {
                let e = errno
                close(tree)
                throw BerthError.sys("\(field): idmap \(source)", errno: e)
            }
            out[i] = tree
        }
        return out
    }

    /// Attaches a prepared tree at `target`.
    static func attach(_ tree: Int32, at target: String) throws {
        guard berth_move_mount(tree, "", AT_FDCWD, target, moveMountFromEmptyPath) == 0 else {
            throw BerthError.sys("move idmapped mount to \(target)")
        }
    }

    /// A user namespace with the given maps, held by a short-lived child until we have its fd.
    static func userNamespace(uid: [IDMapping], gid: [IDMapping]) throws -> Int32 {
        let gate = try Pipes.pipe()
        let child = berth_clone(UInt(bitPattern: Int(CloneFlag.newuser)))
        if child < 0 { throw BerthError.sys("clone user namespace for idmap") }
        if child == 0 {
            close(gate.write)
            var byte: UInt8 = 0
            _ = Glibc.read(gate.read, &byte, 1)
            _exit(0)
        }
        close(gate.read)
        defer {
            close(gate.write)
            var status: Int32 = 0
            _ = berth_wait_status(child, 0, &status)
        }
        func text(_ maps: [IDMapping]) -> String { maps.map { "\($0.containerID) \($0.hostID) \($0.size)\n" }.joined() }
        try FileIO.write("/proc/\(child)/uid_map", text(uid), flags: O_WRONLY)
        try FileIO.write("/proc/\(child)/gid_map", text(gid), flags: O_WRONLY)
        let fd = berthOpen("/proc/\(child)/ns/user", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw BerthError.sys("open user namespace of \(child)") }
        return fd
    }
}
