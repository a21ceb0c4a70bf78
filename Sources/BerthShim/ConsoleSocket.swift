import BerthCore
import CBerthLinux
import Glibc

/// The `--console-socket` the runtime connects to, to hand over the pty master (SCM_RIGHTS).
final class ConsoleSocket {
    let path: String
    private var fd: Int32

    init(path: String) throws {
        self.path = path
        fd = berth_unix_listen(path, 1)
        guard fd >= 0 else { throw BerthError.sys("listen on console socket \(path)") }
    }

    /// The master the runtime sent. The runtime has already exited when this is called (connect and
    /// send complete against the listen backlog), so a short timeout only guards a runtime that
    /// never sent one.
    func receiveMaster(timeoutMilliseconds: Int32 = 5000) throws -> Int32 {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, timeoutMilliseconds) > 0 else {
            throw BerthError(.system, "runtime did not send a terminal over console socket \(path)")
        }
        let conn = accept(fd, nil, nil)
        guard conn >= 0 else { throw BerthError.sys("accept on console socket \(path)") }
        _ = berth_set_cloexec(conn, 1)
        defer { Glibc.close(conn) }
        var master: Int32 = -1
        var name = [UInt8](repeating: 0, count: 256)
        let n = name.withUnsafeMutableBytes { berth_recv_fd(conn, &master, $0.baseAddress, $0.count) }
        guard n >= 0, master >= 0 else { throw BerthError(.system, "no terminal received over console socket \(path)") }
        return master
    }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        unlink(path)
    }

    deinit { close() }
}
