import Foundation
import Glibc

/// The reading end of an output FIFO, opened before the container starts (non-blocking, so it does
/// not wait for the shim) and read until the shim closes its end.
final class FifoReader {
    let path: String
    private let fd: Int32

    init(_ path: String) throws {
        self.path = path
        fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw TestFailure("open \(path): errno \(errno)") }
    }

    deinit { close(fd) }

    /// Everything until EOF (after a writer was there) or until `timeout` seconds passed.
    func readAll(timeout: Double = 10) -> String {
        var out = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(timeout)
        var sawData = false
        while Date() < deadline {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&pfd, 1, 100)
            let n = read(fd, &buffer, buffer.count)
            if n > 0 {
                out += buffer[0..<n]
                sawData = true
                continue
            }
            // EOF on a FIFO whose writer (the shim) has gone; before any writer read() also gives 0.
            if n == 0 && (sawData || pfd.revents & Int16(POLLHUP) != 0) { break }
            if n == 0 { usleep(20_000) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads until `needle` shows up (or timeout); returns all read so far.
    func readUntil(_ needle: String, timeout: Double = 10) -> String {
        var out = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&pfd, 1, 100)
            let n = read(fd, &buffer, buffer.count)
            if n > 0 {
                out += buffer[0..<n]
                if String(decoding: out, as: UTF8.self).contains(needle) { break }
            } else {
                usleep(20_000)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The writing end of a stdin FIFO, opened once the shim holds the reading end.
final class FifoWriter {
    private var fd: Int32

    init(_ path: String) throws {
        fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw TestFailure("open \(path) for writing: errno \(errno)") }
    }

    func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    deinit { close() }
}
