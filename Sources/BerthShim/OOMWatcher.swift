import BerthCore
import BerthLinux
import CBerthLinux
import Glibc

/// Watches the init's memory cgroup for OOM kills: cgroup v1 through an eventfd registered on
/// memory.oom_control, v2 through inotify on memory.events (its oom_kill counter). Nothing is
/// watched when the memory controller is absent.
final class OOMWatcher {
    private let loop: EventLoop
    private let directory: String
    private let isV2: Bool
    private var fd: Int32
    private var watch: EventLoop.Watch?
    private var lastOOMKills: UInt64 = 0

    private init(loop: EventLoop, directory: String, isV2: Bool, fd: Int32, onOOM: @escaping () -> Void) {
        self.loop = loop
        self.directory = directory
        self.isV2 = isV2
        self.fd = fd
        if isV2 { lastOOMKills = OOMWatcher.oomKills(directory) }
        watch = loop.watch(fd, events: Int16(POLLIN)) { [weak self] _ in self?.fired(onOOM) }
    }

    static func start(pid: Int32, loop: EventLoop, onOOM: @escaping () -> Void) -> OOMWatcher? {
        guard let (dir, v2) = memoryCgroup(of: pid) else { return nil }
        let fd = v2 ? berth_inotify_modify(dir + "/memory.events") : berth_oom_eventfd_v1(dir)
        guard fd >= 0 else {
            ShimLog.warning("oom notifications for \(dir) unavailable: \(errnoText())")
            return nil
        }
        return OOMWatcher(loop: loop, directory: dir, isV2: v2, fd: fd, onOOM: onOOM)
    }

    func stop() {
        loop.remove(watch)
        watch = nil
        if fd >= 0 { close(fd) }
        fd = -1
    }

    private func fired(_ onOOM: () -> Void) {
        _ = berth_drain_fd(fd)
        // A v1 eventfd also fires when the cgroup is removed: that is not an OOM.
        guard FileIO.exists(directory) else {
            stop()
            return
        }
        if isV2 {
            let now = OOMWatcher.oomKills(directory)
            guard now > lastOOMKills else { return }
            lastOOMKills = now
        }
        onOOM()
    }

    private static func oomKills(_ dir: String) -> UInt64 {
        guard let text = try? FileIO.readString(dir + "/memory.events") else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("oom_kill ") {
            return UInt64(line.dropFirst(9)) ?? 0
        }
        return 0
    }

    /// The memory cgroup directory of `pid` on the host: v1 `memory` hierarchy when mounted (hybrid
    /// hosts), else the unified hierarchy if it has the memory controller.
    static func memoryCgroup(of pid: Int32) -> (String, Bool)? {
        guard let text = try? FileIO.readString("/proc/\(pid)/cgroup") else { return nil }
        var v1Path: String?
        var v2Path: String?
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            if parts[0] == "0" && parts[1].isEmpty {
                v2Path = String(parts[2])
            } else if parts[1].split(separator: ",").contains("memory") {
                v1Path = String(parts[2])
            }
        }
        let mounts = MountInfo.read()
        if let v1Path, let mount = mounts.first(where: { $0.fsType == "cgroup" && $0.superOptions.split(separator: ",").contains("memory") }) {
            return (join(mount, v1Path), false)
        }
        if let v2Path, let mount = mounts.first(where: { $0.fsType == "cgroup2" }) {
            let dir = join(mount, v2Path)
            if FileIO.exists(dir + "/memory.events") { return (dir, true) }
        }
        return nil
    }

    private static func join(_ mount: MountInfo, _ cgroupPath: String) -> String {
        var relative = cgroupPath
        if mount.root != "/" && relative.hasPrefix(mount.root) { relative = String(relative.dropFirst(mount.root.count)) }
        if relative == "/" { relative = "" }
        return mount.mountPoint + relative
    }
}
