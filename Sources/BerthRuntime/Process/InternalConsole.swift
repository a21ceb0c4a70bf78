import BerthCore
import BerthLinux
import CBerthLinux
import Glibc

/// The console socket of a foreground `run` or `exec` with a terminal: runc proxies the pty itself
/// in that case. A socketpair stands in for a console-socket path, so nothing is created on disk;
/// the container side sends the pty master over `remote` and we receive it on `local`.
final class InternalConsole {
    let local: Int32
    let remote: Int32

    init() throws {
        (local, remote) = try Pipes.socketPair()
    }

    /// The pty master, once the container side has sent it.
    func receiveMaster() -> Int32? {
        var fd: Int32 = -1
        var name = [UInt8](repeating: 0, count: 256)
        let n = name.withUnsafeMutableBytes { berth_recv_fd(local, &fd, $0.baseAddress, $0.count) }
        return n >= 0 && fd >= 0 ? fd : nil
    }

    deinit {
        close(local)
        close(remote)
    }
}
