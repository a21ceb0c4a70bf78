import BerthCore

/// One mounted cgroup hierarchy, from a /proc/self/mountinfo line.
public struct CgroupMount: Sendable, Equatable {
    public var mountPoint: String
    /// The cgroup path the mount exposes at its mount point ("/" unless mounted inside a cgroup namespace).
    public var root: String
    /// v1 controllers (and "name=..." for named hierarchies); empty for cgroup2.
    public var controllers: [String]

    public init(mountPoint: String, root: String, controllers: [String]) {
        self.mountPoint = mountPoint
        self.root = root
        self.controllers = controllers
    }

    /// The directory of cgroup `path` (as seen in /proc/self/cgroup or as an absolute cgroupsPath) in this mount.
    public func directory(for path: String) -> String {
        var relative = CgroupPath.clean(path)
        // Inside a cgroup namespace /proc/self/cgroup paths include the mount root; strip it.
        if root != "/", relative == root || relative.hasPrefix(root + "/") {
            relative = String(relative.dropFirst(root.count))
        }
        if relative.isEmpty || relative == "/" { return mountPoint }
        return mountPoint + relative
    }
}
