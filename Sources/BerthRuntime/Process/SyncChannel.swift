import BerthCore
import BerthLinux
import CBerthLinux
import Glibc

/// Length-prefixed messages between the runtime parent and the container's init over a socketpair.
/// Every step of init that can fail reports back here, so `create` fails with the real reason and
/// cleans up, rather than leaving a half-made container.
public struct SyncChannel {
    public let fd: Int32

    public init(fd: Int32) { self.fd = fd }

    public func send(_ message: String) throws {
        let body = Array(message.utf8)
        var length = UInt32(body.count).bigEndian
        var frame = withUnsafeBytes(of: &length) { Array($0) }
        frame += body
        try FileIO.writeAll(fd: fd, frame, what: "sync socket")
    }

    /// Next message, or nil at EOF (the peer exited).
    public func receive() throws -> String? {
        guard let header = try readExactly(4) else { return nil }
        let length = header.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }.bigEndian
        guard length < 1 << 20 else { throw BerthError(.system, "sync socket: oversized message") }
        guard let body = try readExactly(Int(length)) else { return nil }
        return String(decoding: body, as: UTF8.self)
    }

    func readExactly(_ count: Int) throws -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = out.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.read(fd, base + got, count - got)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw BerthError.sys("read sync socket")
            }
            if n == 0 { return nil }
            got += n
        }
        return out
    }

    /// Reports an error from the child side and exits the child. Never returns.
    public func fail(_ error: any Error) -> Never {
        try? send("error:\(error)")
        _exit(1)
    }
}
