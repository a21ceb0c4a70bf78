import BerthCore
import Glibc
import Synchronization

/// Copies a task's stdout and stderr FIFOs (created by the engine, written by the shim) into a log
/// driver, one blocking thread per stream, whether or not any API client is attached — dockerd's
/// log copier. Output is cut into messages at newlines; a line longer than 16 KiB is emitted in 16 KiB
/// partial messages, and unterminated output at EOF becomes a final partial message.
///
/// The FIFOs are opened non-blocking (so a task that never starts cannot wedge the pump) and read
/// after poll(2) reports data; EOF is the last writer closing its end.
public final class StdioPump: Sendable {
    /// dockerd's maximum message size: longer lines are split into partial messages.
    public static let maxMessageSize = 16 * 1024

    public struct Source: Sendable {
        public var path: String
        public var stream: LogEntry.Stream
        public init(path: String, stream: LogEntry.Stream) {
            self.path = path
            self.stream = stream
        }
    }

    let sources: [Source]
    let writer: any ContainerLogWriter
    let clock: @Sendable () -> Int64
    let stopRequested = Atomic<Bool>(false)
    let threads = Mutex<[BlockingThread]>([])
    let errors = Mutex<[String]>([])
    /// Sees every chunk as read, before line splitting: attached clients get output (a prompt with no
    /// newline, TTY echo) the moment it arrives, not when a line ends.
    let observer: (@Sendable (LogEntry.Stream, [UInt8]) -> Void)?
    /// Runs once, on the thread of the last stream to reach EOF, after its final log message.
    let onFinished: (@Sendable () -> Void)?
    let running = Atomic<Int>(0)

    /// - Parameters:
    ///   - stdout / stderr: FIFO paths; nil skips the stream (a TTY task has only stdout).
    ///   - clock: the timestamp source (tests pin it).
    public init(stdout: String?, stderr: String?, writer: any ContainerLogWriter,
                clock: @escaping @Sendable () -> Int64 = { LogTime.now() },
                observer: (@Sendable (LogEntry.Stream, [UInt8]) -> Void)? = nil,
                onFinished: (@Sendable () -> Void)? = nil) {
        self.observer = observer
        self.onFinished = onFinished
        var sources: [Source] = []
        if let stdout { sources.append(Source(path: stdout, stream: .stdout)) }
        if let stderr { sources.append(Source(path: stderr, stream: .stderr)) }
        self.sources = sources
        self.writer = writer
        self.clock = clock
    }

    /// Opens the FIFOs and starts copying. Opening is done here so a missing FIFO fails the caller.
    public func start() throws {
        var opened: [(Int32, Source)] = []
        for source in sources {
            let fd = open(source.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else {
                let error = BerthError.sys("open \(source.path)")
                for (fd, _) in opened { close(fd) }
                throw error
            }
            opened.append((fd, source))
        }
        running.store(opened.count, ordering: .releasing)
        if opened.isEmpty { onFinished?() }
        for (fd, source) in opened {
            let thread = try BlockingThread { [self] in
                self.copy(fd: fd, stream: source.stream)
                close(fd)
                if self.running.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { self.onFinished?() }
            }
            threads.withLock { $0.append(thread) }
        }
    }

    /// Blocks until every stream reached EOF (or `stop()` was called), then returns the write errors seen.
    @discardableResult
    public func wait() -> [String] {
        let running = threads.withLock { threads in
            defer { threads = [] }
            return threads
        }
        for thread in running { thread.join() }
        return errors.withLock { $0 }
    }

    /// Makes the copy threads return at their next poll timeout (within ~200 ms), flushing what they hold.
    public func stop() {
        stopRequested.store(true, ordering: .releasing)
    }

    func copy(fd: Int32, stream: LogEntry.Stream) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 32 * 1024)
        var sawWriter = false
        loop: while true {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, 200)
            if ready < 0 {
                if errno == EINTR { continue }
                record("poll \(stream.rawValue): \(errnoText())")
                break
            }
            if ready == 0 {
                if stopRequested.load(ordering: .acquiring) { break }
                continue
            }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                sawWriter = true
                observer?(stream, Array(buffer[0..<n]))
                pending += buffer[0..<n]
                emitLines(&pending, stream: stream)
                continue
            }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                record("read \(stream.rawValue): \(errnoText())")
                break
            }
            // n == 0: every writer closed. POLLHUP without data before any writer showed up cannot
            // happen on Linux (it only reports hang-ups of writers that came and went), so this is EOF.
            if (pfd.revents & Int16(POLLHUP)) != 0 || sawWriter { break loop }
            if stopRequested.load(ordering: .acquiring) { break }
            var ts = timespec(tv_sec: 0, tv_nsec: 50_000_000)
            nanosleep(&ts, nil)
        }
        if !pending.isEmpty { emit(pending, stream: stream) }
    }

    /// Emits every complete line, and 16 KiB partial messages while a line is longer than that.
    func emitLines(_ pending: inout [UInt8], stream: LogEntry.Stream) {
        var start = 0
        var i = 0
        while i < pending.count {
            if pending[i] == UInt8(ascii: "\n") {
                emit(Array(pending[start...i]), stream: stream)
                start = i + 1
            } else if i - start + 1 == Self.maxMessageSize {
                emit(Array(pending[start...i]), stream: stream)
                start = i + 1
            }
            i += 1
        }
        pending.removeFirst(start)
    }

    func emit(_ message: [UInt8], stream: LogEntry.Stream) {
        do {
            try writer.write(LogEntry(stream: stream, timestamp: clock(), message: message))
        } catch {
            record("\(stream.rawValue): \(error)")
        }
    }

    func record(_ message: String) {
        errors.withLock { $0.append(message) }
    }
}
