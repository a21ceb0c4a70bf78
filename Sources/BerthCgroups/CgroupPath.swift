import BerthCore

/// Where a container's cgroup lives, before it is mapped onto a hierarchy's mount point.
public enum CgroupPath: Sendable, Equatable {
    /// Relative to each hierarchy's root ("/berth/abc" is "<mount>/berth/abc").
    case absolute(String)
    /// Relative to the cgroup of the process that creates the container (runc's behaviour for relative paths).
    case relative(String)

    /// The parent used when config.json has no cgroupsPath. Absolute rather than relative so that where a
    /// container lands does not depend on which cgroup the runtime happened to be started in.
    public static let defaultParent = "/berth"
    /// systemd-style default when `systemd` is set and no cgroupsPath is given.
    public static let defaultSlice = "system.slice"
    public static let defaultScopePrefix = "berth"

    /// Applies config-linux.md's cgroupsPath rules.
    ///
    /// With `systemd`, the path is "slice:prefix:name" and maps onto the cgroupfs layout systemd would create
    /// ("/<expanded slice>/<prefix>-<name>.scope"). Berth writes that layout directly and never talks to systemd
    /// over D-Bus, so systemd does not know about the scope: this keeps the runtime static and single-threaded
    /// at the cost of systemd-managed delegation.
    public static func resolve(cgroupsPath: String?, containerID: String, systemd: Bool) throws -> CgroupPath {
        let given = cgroupsPath ?? ""
        if systemd {
            let spec = given.isEmpty ? "\(defaultSlice):\(defaultScopePrefix):\(containerID)" : given
            return .absolute(try systemdPath(spec))
        }
        if given.isEmpty { return .absolute(clean(defaultParent + "/" + containerID)) }
        if given.hasPrefix("/") { return .absolute(clean(given)) }
        let relative = clean(given)
        guard relative != "/" else {
            throw BerthError(.invalidConfig, "linux.cgroupsPath \"\(given)\" resolves to the runtime's own cgroup")
        }
        return .relative(relative)
    }

    /// The absolute cgroup path once the creator's own cgroup (for relative paths) is known.
    public func absolute(own: String) -> String {
        switch self {
        case .absolute(let path): return path
        // Clean the relative part on its own first so ".." in it cannot climb above `own`.
        case .relative(let path): return CgroupPath.clean(own + CgroupPath.clean(path))
        }
    }

    /// "slice:prefix:name" -> "/<expanded slice>/<prefix>-<name>.scope" (or the expanded slice when name is a slice).
    public static func systemdPath(_ spec: String) throws -> String {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else {
            throw BerthError(.invalidConfig, "linux.cgroupsPath \"\(spec)\" must be \"slice:prefix:name\" with systemd cgroups")
        }
        let (slice, prefix, name) = (parts[0].isEmpty ? defaultSlice : parts[0], parts[1], parts[2])
        guard !name.isEmpty, !name.contains("/"), name != "..", name != "." else {
            throw BerthError(.invalidConfig, "linux.cgroupsPath \"\(spec)\": invalid unit name \"\(name)\"")
        }
        guard !prefix.contains("/") else {
            throw BerthError(.invalidConfig, "linux.cgroupsPath \"\(spec)\": invalid scope prefix \"\(prefix)\"")
        }
        if name.hasSuffix(".slice") { return try expandSlice(name) }
        let parent = try expandSlice(slice)
        let unit = prefix.isEmpty ? "\(name).scope" : "\(prefix)-\(name).scope"
        return clean(parent + "/" + unit)
    }

    /// systemd slice naming: "a-b-c.slice" lives at "/a.slice/a-b.slice/a-b-c.slice"; "-.slice" is the root.
    public static func expandSlice(_ slice: String) throws -> String {
        guard slice.hasSuffix(".slice"), !slice.contains("/") else {
            throw BerthError(.invalidConfig, "invalid systemd slice \"\(slice)\": must end in .slice and contain no /")
        }
        if slice == "-.slice" { return "/" }
        let base = slice.dropLast(".slice".count)
        guard !base.isEmpty, !base.hasPrefix("-"), !base.hasSuffix("-"), !base.contains("--") else {
            throw BerthError(.invalidConfig, "invalid systemd slice \"\(slice)\"")
        }
        var path = ""
        var prefix = ""
        for component in base.split(separator: "-") {
            path += "/" + prefix + component + ".slice"
            prefix += component + "-"
        }
        return path
    }

    /// Lexical cleanup rooted at "/": collapses "//" and ".", and ".." never climbs above the root, so a
    /// config cannot name a directory outside the hierarchy.
    public static func clean(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
