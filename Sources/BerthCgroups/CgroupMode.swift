import BerthCore
import BerthLinux

/// How cgroups are mounted on this host.
public enum CgroupMode: String, Sendable, Equatable {
    /// Only cgroup v1 hierarchies.
    case v1
    /// cgroup2 mounted at the root (/sys/fs/cgroup).
    case v2
    /// cgroup v1 hierarchies for resources plus a controller-less cgroup2 mount (systemd's "hybrid").
    case hybrid

    /// Detects the mode from /proc/self/mountinfo.
    public static func detect() throws -> CgroupMode {
        try detect(mounts: CgroupMounts.load())
    }

    public static func detect(mounts: CgroupMounts) throws -> CgroupMode {
        // A cgroup2 mount at the canonical root wins even if stray v1 mounts exist: that is what
        // systemd and runc treat as unified mode.
        if let unified = mounts.unified, unified.mountPoint == CgroupMounts.defaultRoot || mounts.v1.isEmpty {
            return .v2
        }
        guard !mounts.v1.isEmpty else {
            throw BerthError(.unsupported, "no cgroup filesystem mounted (checked /proc/self/mountinfo)")
        }
        return mounts.unified == nil ? .v1 : .hybrid
    }
}
