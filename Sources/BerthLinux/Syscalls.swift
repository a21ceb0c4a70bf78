import BerthCore
import CBerthLinux
import Glibc

@inline(__always) public func berthOpen(_ path: String, _ flags: Int32, _ mode: UInt32 = 0) -> Int32 {
    berth_open(path, flags, mode)
}

/// Retries a syscall on EINTR.
@inline(__always) public func retryEINTR(_ body: () -> Int32) -> Int32 {
    while true {
        let r = body()
        if r >= 0 || errno != EINTR { return r }
    }
}

public enum Pipes {
    /// A close-on-exec socketpair, used for parent/child handshakes and fd passing.
    public static func socketPair() throws -> (Int32, Int32) {
        var fds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            throw BerthError.sys("socketpair")
        }
        return (fds[0], fds[1])
    }

    public static func pipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard berth_pipe2(&fds, O_CLOEXEC) == 0 else { throw BerthError.sys("pipe2") }
        return (fds[0], fds[1])
    }
}
