#if canImport(Glibc)
import Glibc
#endif

/// Unbuffered writes to a file descriptor (stdout/stderr). Commands build whole tables before
/// writing, so one write per table is typical; streaming commands (events) write per line.
public struct OutputStream: Sendable {
    public let fd: Int32

    public init(fd: Int32) { self.fd = fd }

    public static let stdout = OutputStream(fd: 1)
    public static let stderr = OutputStream(fd: 2)

    public func write(_ s: String) {
        write(Array(s.utf8))
    }

    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buf in
            guard let base = buf.baseAddress else { return }
            var offset = 0
            while offset < buf.count {
                let n = Glibc.write(fd, base + offset, buf.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }

    public var isTerminal: Bool { isatty(fd) == 1 }
}

extension OutputStream {
    /// Closes a file opened for output (`-o FILE`); never call it on stdout/stderr.
    public func close() {
        if fd > 2 { _ = Glibc.close(fd) }
    }
}
