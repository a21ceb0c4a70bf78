import BerthCore
import CBerthLinux
import Glibc

/// A pseudo-terminal pair opened from a given ptmx (the container's own devpts instance).
public struct Pty {
    public var master: Int32
    public var slave: Int32
    public var slaveName: String

    public static func open(ptmx: String, rows: UInt16, cols: UInt16) throws -> Pty {
        var master: Int32 = -1
        var slave: Int32 = -1
        var number: Int32 = -1
        guard berth_openpty_at(ptmx, &master, &slave, &number, rows, cols) == 0 else {
            throw BerthError.sys("open pty at \(ptmx)")
        }
        return Pty(master: master, slave: slave, slaveName: "/dev/pts/\(number)")
    }

    /// Hands the master to whoever listens on the console socket (SCM_RIGHTS), as runc does: the
    /// payload is the terminal's name.
    public static func send(master: Int32, name: String, over socket: Int32) throws {
        let bytes = Array(name.utf8)
        let r = bytes.withUnsafeBytes { berth_send_fd(socket, master, $0.baseAddress, $0.count) }
        guard r >= 0 else { throw BerthError.sys("send pty master over console socket") }
    }

    /// Makes `slave` the controlling terminal and stdio of the calling process (after setsid).
    public static func becomeControllingTerminal(_ slave: Int32) throws {
        guard berth_set_ctty(slave) == 0 else { throw BerthError.sys("ioctl TIOCSCTTY") }
        for target: Int32 in 0...2 {
            guard dup2(slave, target) >= 0 else { throw BerthError.sys("dup2 pty slave to \(target)") }
        }
    }
}
