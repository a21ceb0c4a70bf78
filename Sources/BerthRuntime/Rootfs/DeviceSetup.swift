import BerthCore
import BerthLinux
import BerthOCI
import CBerthLinux
import Glibc

/// Device nodes in the container's /dev: mknod where allowed, or a bind mount of the host node in a
/// user namespace (where mknod is not permitted).
struct DeviceSetup {
    let rootfs: String
    let bindFromHost: Bool

    func create(_ devices: [Device]) throws {
        let oldMask = umask(0)
        defer { umask(oldMask) }
        var seen = Set<String>()
        for device in devices.reversed() where seen.insert(device.path).inserted {
            try create(device)
        }
    }

    func create(_ device: Device) throws {
        let target = try SecureJoin.resolve(root: rootfs, device.path)
        guard target.hasPrefix(rootfs + "/") else {
            throw BerthError(.invalidConfig, "linux.devices: \(device.path) escapes the rootfs")
        }
        let parent = String(target[..<(target.lastIndex(of: "/") ?? target.endIndex)])
        try FileIO.mkdirAll(parent)
        if bindFromHost {
            if !FileIO.exists(target) {
                let fd = berthOpen(target, O_CREAT | O_WRONLY | O_CLOEXEC, 0o644)
                guard fd >= 0 else { throw BerthError.sys("create \(target)") }
                close(fd)
            }
            try MountCall.mount(device.path, target, "bind", MountFlag.bind)
            return
        }
        let kind: UInt32
        switch device.type {
        case "b": kind = UInt32(S_IFBLK)
        case "p": kind = UInt32(S_IFIFO)
        default: kind = UInt32(S_IFCHR)
        }
        let mode = (device.fileMode ?? 0o666) & 0o7777
        unlink(target)
        guard berth_mknod(target, kind | mode, UInt32(clamping: device.major ?? 0), UInt32(clamping: device.minor ?? 0)) == 0 else {
            throw BerthError.sys("mknod \(device.path)")
        }
        guard chown(target, device.uid ?? 0, device.gid ?? 0) == 0 else { throw BerthError.sys("chown \(device.path)") }
    }

    /// The standard /dev symlinks, as runc makes them.
    static func links(rootfs: String) throws {
        var links: [(String, String)] = [
            ("/proc/self/fd", "fd"), ("/proc/self/fd/0", "stdin"), ("/proc/self/fd/1", "stdout"),
            ("/proc/self/fd/2", "stderr"),
        ]
        if FileIO.exists("/proc/kcore") { links.append(("/proc/kcore", "core")) }
        if FileIO.exists(rootfs + "/dev/pts/ptmx") { links.append(("pts/ptmx", "ptmx")) }
        for (target, name) in links {
            let path = rootfs + "/dev/" + name
            if name == "ptmx" { unlink(path) }
            if symlink(target, path) != 0 && errno != EEXIST {
                throw BerthError.sys("symlink /dev/\(name)")
            }
        }
    }
}
