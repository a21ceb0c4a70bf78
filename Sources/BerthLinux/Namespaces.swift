import BerthCore
import BerthOCI
import CBerthLinux
import Glibc

/// Namespace kinds, their clone flags and their /proc/<pid>/ns names.
public enum Namespaces {
    public static func cloneFlag(_ type: NamespaceType) -> Int32 {
        switch type {
        case .pid: return CloneFlag.newpid
        case .network: return CloneFlag.newnet
        case .mount: return CloneFlag.newns
        case .ipc: return CloneFlag.newipc
        case .uts: return CloneFlag.newuts
        case .user: return CloneFlag.newuser
        case .cgroup: return CloneFlag.newcgroup
        case .time: return CloneFlag.newtime
        default: return 0
        }
    }

    public static func procName(_ type: NamespaceType) -> String {
        switch type {
        case .network: return "net"
        case .mount: return "mnt"
        default: return type.rawValue
        }
    }

    /// The order to join existing namespaces: user first (it grants the capabilities to join the
    /// rest), mount last (it changes the root the other paths resolve against).
    public static let joinOrder: [NamespaceType] = [.user, .ipc, .uts, .network, .pid, .cgroup, .time, .mount]

    public static func join(path: String, type: NamespaceType) throws {
        let fd = berthOpen(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw BerthError.sys("open \(type) namespace \(path)") }
        defer { close(fd) }
        guard berth_setns(fd, cloneFlag(type)) == 0 else { throw BerthError.sys("setns \(type) namespace \(path)") }
    }
}
