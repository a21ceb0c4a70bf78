import BerthCore
import BerthLinux
import Glibc
import Synchronization

/// The engine's end of one process's stdio (a container's init or an exec): FIFOs that the shim
/// opens, a `StdioPump` that copies output into the log driver, and a fan-out of the raw output to
/// attached clients. The FIFOs live in the container's directory, so a restarted berthd reopens them
/// and carries on where the dead one stopped (the shim keeps unread output in the FIFO).
public final class ProcessIO: Sendable {
    public struct Chunk: Sendable {
        public var stream: LogEntry.Stream
        public var bytes: [UInt8]
    }

    public let stdinPath: String?
    public let stdoutPath: String
    public let stderrPath: String?
    public let tty: Bool

    struct State {
        var subscribers: [UInt64: AsyncStream<Chunk>.Continuation] = [:]
        var nextToken: UInt64 = 0
        var finished = false
        var stdinFD: Int32 = -1
        /// Set once stdin was closed on purpose (StdinOnce, closeIO): a late open closes at once.
        var stdinClosed = false
        var finishWaiters: [AsyncStream<Void>.Continuation] = []
    }
    private let state = Mutex(State())
    private let pump = Mutex<StdioPump?>(nil)

    /// FIFO paths `<directory>/<prefix>-stdin|stdout|stderr`; created by `makeFIFOs`.
    public init(directory: String, prefix: String, stdin: Bool, tty: Bool) {
        stdinPath = stdin ? "\(directory)/\(prefix)-stdin" : nil
        stdoutPath = "\(directory)/\(prefix)-stdout"
        stderrPath = tty ? nil : "\(directory)/\(prefix)-stderr"
        self.tty = tty
    }

    deinit {
        let fd = state.withLock { $0.stdinFD }
        if fd >= 0 { Glibc.close(fd) }
    }

    public func makeFIFOs() throws {
        for path in [stdinPath, stdoutPath, stderrPath].compactMap({ $0 }) {
            unlink(path)
            guard mkfifo(path, 0o600) == 0 else { throw BerthError.sys("mkfifo \(path)") }
        }
    }

    /// Starts copying output into `writer` and to subscribers.
    public func startPump(writer: any ContainerLogWriter) throws {
        let pump = StdioPump(stdout: stdoutPath, stderr: stderrPath, writer: writer,
                             observer: { [weak self] stream, bytes in self?.broadcast(Chunk(stream: stream, bytes: bytes)) },
                             onFinished: { [weak self] in
                                 writer.close()
                                 self?.finish()
                             })
        self.pump.withLock { $0 = pump }
        try pump.start()
    }

    /// Opens the write end of the stdin FIFO; call after the shim opened its read end (task create).
    public func openStdin() {
        guard let stdinPath else { return }
        let fd = open(stdinPath, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return }
        let keep = state.withLock { state -> Bool in
            if state.stdinClosed { return false }
            state.stdinFD = fd
            return true
        }
        // Closed before it was open: opening and closing gives the process its EOF.
        if !keep { Glibc.close(fd) }
    }

    public var hasStdin: Bool { state.withLock { $0.stdinFD >= 0 } }

    /// Writes to the process's stdin, waiting (without blocking a thread) while the pipe is full or
    /// not yet open (an attach that sends input before the container started).
    public func writeStdin(_ bytes: [UInt8]) async throws {
        var offset = 0
        while offset < bytes.count {
            let (fd, closed) = state.withLock { ($0.stdinFD, $0.stdinClosed || $0.finished) }
            if fd < 0 {
                if closed || stdinPath == nil { return }
                try await Task.sleep(for: .milliseconds(5))
                continue
            }
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                offset += n
            } else if n < 0 && (errno == EAGAIN || errno == EINTR) {
                try await Task.sleep(for: .milliseconds(5))
            } else {
                return
            }
        }
    }

    /// Closes the engine's end of stdin: the process reads EOF.
    public func closeStdin() {
        let fd = state.withLock { state -> Int32 in
            defer {
                state.stdinFD = -1
                state.stdinClosed = true
            }
            return state.stdinFD
        }
        if fd >= 0 { Glibc.close(fd) }
    }

    /// Output from now on, until the process's output ends. A subscriber after the end gets an empty stream.
    public func subscribe() -> (stream: AsyncStream<Chunk>, token: UInt64) {
        let (stream, continuation) = AsyncStream<Chunk>.makeStream()
        let token: UInt64 = state.withLock { state in
            state.nextToken += 1
            if state.finished {
                continuation.finish()
            } else {
                state.subscribers[state.nextToken] = continuation
            }
            return state.nextToken
        }
        return (stream, token)
    }

    public func unsubscribe(_ token: UInt64) {
        let continuation = state.withLock { $0.subscribers.removeValue(forKey: token) }
        continuation?.finish()
    }

    public var isFinished: Bool { state.withLock { $0.finished } }

    /// Returns once every output stream reached EOF, or after `timeout`.
    public func waitFinished(timeout: Duration) async {
        let (signal, continuation) = AsyncStream<Void>.makeStream()
        let done = state.withLock { state -> Bool in
            if state.finished { return true }
            state.finishWaiters.append(continuation)
            return false
        }
        if done { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var iterator = signal.makeAsyncIterator()
                _ = await iterator.next()
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Stops the pump threads (they return within their poll interval) without waiting for EOF.
    public func stopPump() {
        pump.withLock { $0 }?.stop()
    }

    public func removeFIFOs() {
        closeStdin()
        for path in [stdinPath, stdoutPath, stderrPath].compactMap({ $0 }) { unlink(path) }
    }

    func broadcast(_ chunk: Chunk) {
        let targets = state.withLock { Array($0.subscribers.values) }
        for continuation in targets { continuation.yield(chunk) }
    }

    func finish() {
        let (targets, waiters) = state.withLock { state -> ([AsyncStream<Chunk>.Continuation], [AsyncStream<Void>.Continuation]) in
            state.finished = true
            defer {
                state.subscribers = [:]
                state.finishWaiters = []
            }
            return (Array(state.subscribers.values), state.finishWaiters)
        }
        for continuation in targets { continuation.finish() }
        for waiter in waiters { waiter.finish() }
    }
}
