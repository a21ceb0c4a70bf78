import BerthCore
import BerthLinux
import BerthOCI
import Glibc

/// Device nodes on the host, as `--device` and `--privileged` need them (containerd's DeviceFromPath
/// and HostDevices, moby's DevicesFromPath).
public enum HostDevices {
    /// The device at `path` (symlinks followed only when they stay under /dev), or nil if it is not a
    /// character or block device.
    public static func device(at path: String) throws -> Device? {
        var st = stat()
        guard stat(path, &st) == 0 else { throw BerthError.sys("stat \(path)") }
        let kind: String
        switch st.st_mode & S_IFMT {
        case S_IFCHR: kind = "c"
        case S_IFBLK: kind = "b"
        default: return nil
        }
        return Device(type: kind, path: path, major: majorNumber(UInt64(st.st_rdev)), minor: minorNumber(UInt64(st.st_rdev)),
                      fileMode: UInt32(st.st_mode & 0o7777), uid: st.st_uid, gid: st.st_gid)
    }

    /// moby's DevicesFromPath: a device node, or every device under a directory (e.g. `/dev/snd`), each
    /// with a cgroup rule granting `permissions`. The error text is moby's.
    public static func devices(for mapping: DeviceMapping) throws -> (devices: [Device], rules: [DeviceCgroupRule]) {
        let host = mapping.pathOnHost
        var devices: [Device] = []
        var rules: [DeviceCgroupRule] = []
        func add(_ d: Device, containerPath: String) {
            var d = d
            d.path = containerPath
            devices.append(d)
            rules.append(DeviceCgroupRule(allow: true, type: d.type, major: d.major, minor: d.minor, access: mapping.cgroupPermissions))
        }
        let cause: String
        do {
            if let d = try device(at: host) {
                add(d, containerPath: mapping.pathInContainer)
                return (devices, rules)
            }
            cause = "not a device node"
        } catch let error as BerthError {
            cause = error.cause ?? error.message
        }
        if FileIO.isDirectory(host) {
            for path in walk(host) {
                guard let d = try? device(at: path) else { continue }
                add(d, containerPath: mapping.pathInContainer + path.dropFirst(host.count))
            }
        }
        if !devices.isEmpty { return (devices, rules) }
        throw BerthError(.invalidArgument,
                         "error gathering device information while adding custom device \"\(host)\": \(cause)")
    }

    /// Every char/block device under /dev, as `--privileged` exposes them (containerd's HostDevices:
    /// skips pts, shm, fd, mqueue and the lxc/udev bookkeeping directories, and /dev/console).
    public static func all(root: String = "/dev") -> [Device] {
        let skippedDirectories: Set<String> = ["pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev"]
        var out: [Device] = []
        func visit(_ dir: String) {
            for name in ((try? FileIO.list(dir)) ?? []).sorted() {
                let path = dir + "/" + name
                var st = stat()
                guard lstat(path, &st) == 0 else { continue }
                switch st.st_mode & S_IFMT {
                case S_IFDIR:
                    if !skippedDirectories.contains(name) { visit(path) }
                case S_IFCHR, S_IFBLK:
                    if name == "console" { continue }
                    if let d = try? device(at: path) { out.append(d) }
                default:
                    continue
                }
            }
        }
        visit(root)
        return out
    }

    /// glibc's gnu_dev_major/minor (macros Swift cannot import).
    static func majorNumber(_ dev: UInt64) -> Int64 {
        Int64(((dev >> 8) & 0xfff) | ((dev >> 32) & ~UInt64(0xfff)))
    }

    static func minorNumber(_ dev: UInt64) -> Int64 {
        Int64((dev & 0xff) | ((dev >> 12) & ~UInt64(0xff)))
    }

    static func walk(_ dir: String) -> [String] {
        var out: [String] = []
        for name in ((try? FileIO.list(dir)) ?? []).sorted() {
            let path = dir + "/" + name
            out.append(path)
            var st = stat()
            if lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR { out += walk(path) }
        }
        return out
    }
}
