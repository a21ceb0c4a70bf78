import BerthCore
import CBerthLinux
import Glibc

/// One blocking, framed connection to a shim (the client side). Not thread-safe by itself: the
/// client serialises calls, an event stream has a single reader.
public final class ShimSocket: @unchecked Sendable {
    public let path: String
    private let fd: Int32
    /// Milliseconds a receive may wait; 0 waits forever.
    private let timeoutMilliseconds: Int32

    public init(path: String, timeoutMilliseconds: Int32 = 0) throws {
        self.path = path
        self.timeoutMilliseconds = timeoutMilliseconds
        let fd = berth_unix_connect(path)
        guard fd >= 0 else {
            throw ShimError(.unavailable, "connect to shim at \(path): \(errnoText())")
        }
        self.fd = fd
    }

    deinit { Glibc.close(fd) }

    /// Ends the connection for both directions, waking a thread blocked in `receive` (it sees EOF).
    public func shutdown() {
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }

    public func send(_ payload: [UInt8]) throws {
        guard payload.count <= ShimFrame.maxPayload else {
            throw ShimError(.invalidArgument, "request of \(payload.count) bytes exceeds the \(ShimFrame.maxPayload)-byte frame limit")
        }
        let frame = ShimFrame.encode(payload)
        var offset = 0
        while offset < frame.count {
            let n = frame.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                // MSG_NOSIGNAL: a shim that died must be an error here, not a SIGPIPE in the caller.
                return Glibc.send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw ShimError(.unavailable, "write to shim at \(path): \(errnoText())")
            }
            offset += n
        }
    }

    /// The next frame's payload; nil when the shim closed the connection cleanly between frames.
    public func receive() throws -> [UInt8]? {
        var header = [UInt8](repeating: 0, count: 4)
        guard try readExactly(&header, allowEOF: true) else { return nil }
        let length = ShimFrame.length(header, start: 0)
        guard length <= ShimFrame.maxPayload else {
            throw ShimError(.internal, "shim at \(path) sent a \(length)-byte frame, over the \(ShimFrame.maxPayload)-byte limit")
        }
        var payload = [UInt8](repeating: 0, count: length)
        guard try readExactly(&payload, allowEOF: false) else { return nil }
        return payload
    }

    private func readExactly(_ buffer: inout [UInt8], allowEOF: Bool) throws -> Bool {
        var offset = 0
        while offset < buffer.count {
            if timeoutMilliseconds > 0 {
                var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let r = poll(&pfd, 1, timeoutMilliseconds)
                if r < 0 && errno == EINTR { continue }
                if r == 0 { throw ShimError(.deadlineExceeded, "no answer from shim at \(path) within \(timeoutMilliseconds) ms") }
            }
            let n = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.recv(fd, base + offset, raw.count - offset, 0)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw ShimError(.unavailable, "read from shim at \(path): \(errnoText())")
            }
            if n == 0 {
                if offset == 0 && allowEOF { return false }
                throw ShimError(.unavailable, "shim at \(path) closed the connection mid-frame")
            }
            offset += n
        }
        return true
    }
}
