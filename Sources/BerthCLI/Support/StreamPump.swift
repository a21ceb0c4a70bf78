#if canImport(Glibc)
import Glibc
#endif

/// Copies a hijacked attach/exec stream like docker's hijackedIOStreamer: output to stdout/stderr (raw
/// with a TTY, demultiplexed 8-byte frames without), stdin to the daemon on its own thread with a
/// half-close at EOF (or at once when stdin is not attached, so the daemon knows nothing will come).
/// With a TTY, stdin is watched for the detach keys: the daemon detaches and closes the stream, and
/// the caller must then not wait for the container to exit.
public final class StreamPump {
    let connection: HijackedConnection
    let tty: Bool
    let stdout: OutputStream
    let stderr: OutputStream
    public let detached = AtomicFlag()

    public init(_ connection: HijackedConnection, tty: Bool, stdout: OutputStream, stderr: OutputStream) {
        self.connection = connection
        self.tty = tty
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Starts the stdin copier (or half-closes now when `stdin` is false).
    public func startInput(stdin: Bool, detachKeys: [UInt8], inputFD: Int32 = 0) throws {
        guard stdin else {
            connection.closeWrite()
            return
        }
        let conn = connection
        let watchKeys = tty ? detachKeys : []
        let flag = detached
        try DetachedThread.start {
            var matcher = DetachKeyMatcher(keys: watchKeys)
            var buf = [UInt8](repeating: 0, count: 32 * 1024)
            while true {
                let n = buf.withUnsafeMutableBytes { Glibc.read(inputFD, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                let chunk = Array(buf[0..<n])
                if matcher.feed(chunk) { flag.set() }
                do { try conn.write(chunk) } catch { return }
            }
            conn.closeWrite()
        }
    }

    /// Copies output until the daemon closes the stream; returns an in-band daemon error, if any.
    @discardableResult
    public func copyOutput() throws -> String? {
        if tty {
            while true {
                let chunk: [UInt8]
                do { chunk = try connection.read() } catch { break }
                if chunk.isEmpty { break }
                stdout.write(chunk)
            }
            return nil
        }
        return try StreamDemultiplexer.copy(from: { (try? self.connection.read()) ?? [] }, stdout: stdout, stderr: stderr)
    }
}
