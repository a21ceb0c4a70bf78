import BerthCore

/// One `--device` / `HostConfig.Devices` entry.
public struct DeviceMapping: Sendable, Equatable {
    public var pathOnHost: String
    public var pathInContainer: String
    /// Device cgroup access: any of `r`, `w`, `m`.
    public var cgroupPermissions: String

    public init(pathOnHost: String, pathInContainer: String = "", cgroupPermissions: String = "rwm") {
        self.pathOnHost = pathOnHost
        self.pathInContainer = pathInContainer.isEmpty ? pathOnHost : pathInContainer
        self.cgroupPermissions = cgroupPermissions
    }

    /// Parses the CLI's `--device` value: `/dev/x`, `/dev/x:/dev/y`, `/dev/x:rw`, `/dev/x:/dev/y:rwm`
    /// (the docker CLI's parseDevice, with its error texts).
    public static func parse(_ value: String) throws -> DeviceMapping {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var source = "", destination = "", permissions = "rwm"
        switch parts.count {
        case 3:
            guard isValidPermissions(parts[2]) else { throw BerthError(.invalidArgument, "invalid device mode: \(parts[2])") }
            permissions = parts[2]
            destination = parts[1]
            source = parts[0]
        case 2:
            if isValidPermissions(parts[1]) {
                permissions = parts[1]
            } else {
                destination = parts[1]
            }
            source = parts[0]
        case 1:
            source = parts[0]
        default:
            throw BerthError(.invalidArgument, "invalid device specification: \(value)")
        }
        guard !source.isEmpty, source.hasPrefix("/") else {
            throw BerthError(.invalidArgument, "invalid device specification: \(value)")
        }
        if !destination.isEmpty && !destination.hasPrefix("/") {
            throw BerthError(.invalidArgument, "bad format for path: \(destination)")
        }
        return DeviceMapping(pathOnHost: source, pathInContainer: destination, cgroupPermissions: permissions)
    }

    /// 1 to 3 of r, w, m, each at most once.
    static func isValidPermissions(_ mode: String) -> Bool {
        guard !mode.isEmpty, mode.count <= 3 else { return false }
        var seen = Set<Character>()
        for c in mode {
            guard "rwm".contains(c), seen.insert(c).inserted else { return false }
        }
        return true
    }
}
