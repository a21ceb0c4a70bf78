import BerthCore
import BerthLinux

/// Entry points: open the cgroup of a container from config.json, or reopen it from persisted paths.
public enum Cgroups {
    /// Resolves `cgroupsPath` (see `CgroupPath.resolve`: absolute, relative to the runtime's own cgroup, or
    /// "/berth/<id>" by default; systemd-style "slice:prefix:name" maps to the cgroupfs layout systemd would use)
    /// on the host's cgroup mounts. Nothing is created until `create()`.
    public static func manager(cgroupsPath: String?, containerID: String, systemd: Bool) throws -> any CgroupManager {
        let path = try CgroupPath.resolve(cgroupsPath: cgroupsPath, containerID: containerID, systemd: systemd)
        let own: ProcessCgroups
        if case .relative = path {
            own = try ProcessCgroups.load()
        } else {
            own = ProcessCgroups(v1: [:], unified: nil)
        }
        return try manager(path: path, mounts: CgroupMounts.load(), own: own)
    }

    /// The same, over explicit mounts and process membership (no global state read), for tests and callers that
    /// already parsed them.
    public static func manager(path: CgroupPath, mounts: CgroupMounts, own: ProcessCgroups) throws -> any CgroupManager {
        switch try CgroupMode.detect(mounts: mounts) {
        case .v2:
            guard let unified = mounts.unified else {
                throw BerthError(.unsupported, "no cgroup2 mount found")
            }
            let absolute = path.absolute(own: own.unified ?? "/")
            return V2Manager(path: unified.directory(for: absolute), mountPoint: unified.mountPoint)
        case .v1, .hybrid:
            var paths: [String: String] = [:]
            for mount in mounts.v1 {
                for controller in mount.controllers where !controller.hasPrefix("name=") || controller == "name=systemd" {
                    let absolute = path.absolute(own: own.v1[controller] ?? "/")
                    paths[controller] = mount.directory(for: absolute)
                }
            }
            if let unified = mounts.unified {
                let absolute = path.absolute(own: own.unified ?? "/")
                paths[V1Manager.unifiedKey] = unified.directory(for: absolute)
            }
            return V1Manager(paths: paths)
        }
    }

    /// Reopens a cgroup from `CgroupManager.paths` as persisted in state.json.
    public static func manager(restoring paths: [String: String]) throws -> any CgroupManager {
        guard !paths.isEmpty else { throw BerthError(.invalidArgument, "no cgroup paths to restore") }
        for (key, dir) in paths where !dir.hasPrefix("/") || CgroupPath.clean(dir) != dir {
            throw BerthError(.invalidArgument, "cgroup path for \"\(key)\" is not a clean absolute path: \(dir)")
        }
        if paths.count == 1, let dir = paths[""] {
            let mountPoint = (try? CgroupMounts.load().unified?.mountPoint).flatMap { $0 } ?? CgroupMounts.defaultRoot
            return V2Manager(path: dir, mountPoint: mountPoint)
        }
        if paths[""] != nil {
            throw BerthError(.invalidArgument, "cgroup paths mix a v2 path (\"\") with v1 controllers")
        }
        return V1Manager(paths: paths)
    }
}
