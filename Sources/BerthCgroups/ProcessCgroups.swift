import BerthCore
import BerthLinux

/// The cgroup membership of a process, from /proc/<pid>/cgroup.
public struct ProcessCgroups: Sendable, Equatable {
    /// v1 controller (or "name=...") -> path.
    public var v1: [String: String]
    /// The "0::" line.
    public var unified: String?

    public static func load(pid: String = "self") throws -> ProcessCgroups {
        parse(try FileIO.readString("/proc/\(pid)/cgroup"))
    }

    public static func parse(_ text: String) -> ProcessCgroups {
        var v1: [String: String] = [:]
        var unified: String?
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let path = String(parts[2])
            if parts[0] == "0" && parts[1].isEmpty {
                unified = path
            } else {
                for controller in parts[1].split(separator: ",") { v1[String(controller)] = path }
            }
        }
        return ProcessCgroups(v1: v1, unified: unified)
    }
}
