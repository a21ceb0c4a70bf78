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

    /// `defaults` may replace what the image has at their paths; a configured device that finds a
    /// different file in its place is an error (config-linux.md), so the image is never clobbered.
    func create(defaults: [Device], configured: [Device]) throws {
        let oldMask = umask(0)
        defer { umask(oldMask) }
        let configuredPaths = Set(configured.map(\.path))
        for device in defaults where !configuredPaths.contains(device.path) {
            try create(device, replace: true)
        }
        var seen = Set<String>()
        for (i, device) in configured.enumerated().reversed() where seen.insert(device.path).inserted {
            do { try create(device, replace: false) } catch let e as BerthError {
                throw BerthError(e.code, "linux.devices[\(i)] (\(device.path)): \(e.message)", cause: e.cause)
            }
        }
    }

    func create(_ device: Device, replace: Bool) throws {
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
        var existing = stat()
        if lstat(target, &existing) == 0 {
            let sameType = (existing.st_mode & S_IFMT) == kind
            let sameNumbers = berth_major(UInt64(existing.st_rdev)) == UInt32(clamping: device.major ?? 0)
                && berth_minor(UInt64(existing.st_rdev)) == UInt32(clamping: device.minor ?? 0)
            if sameType && (kind == UInt32(S_IFIFO) || sameNumbers) {
                chmod(target, mode_t(mode))
                guard chown(target, device.uid ?? 0, device.gid ?? 0) == 0 else { throw BerthError.sys("chown \(device.path)") }
                return
            }
            guard replace else { throw BerthError(.invalidConfig, "a different file already exists at the device path") }
            unlink(target)
        }
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
