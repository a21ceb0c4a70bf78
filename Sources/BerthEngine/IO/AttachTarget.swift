import Synchronization

/// One attached client's view of a process's output: bound to the `ProcessIO` at once when the
/// process runs, or when it starts (an attach to a created container, as `docker run` makes it).
/// Binding subscribes synchronously, before the process can write, so no output is missed.
public final class AttachTarget: Sendable {
    public let output: AsyncStream<ProcessIO.Chunk>
    let continuation: AsyncStream<ProcessIO.Chunk>.Continuation
    private let bound = Mutex<(io: ProcessIO, token: UInt64)?>(nil)
    private let closed = Mutex(false)

    public init() {
        (output, continuation) = AsyncStream<ProcessIO.Chunk>.makeStream()
    }

    public func bind(_ io: ProcessIO) {
        let (stream, token) = io.subscribe()
        let proceed = closed.withLock { closed -> Bool in
            if closed { return false }
            bound.withLock { $0 = (io, token) }
            return true
        }
        guard proceed else {
            io.unsubscribe(token)
            return
        }
        let continuation = self.continuation
        Task {
            for await chunk in stream { continuation.yield(chunk) }
            continuation.finish()
        }
    }

    /// Points input at `io` without subscribing to its output (a relay fed from elsewhere).
    func bindStdin(_ io: ProcessIO) {
        // Token 0 is never handed out by `subscribe`, so `close()` unsubscribes nothing.
        bound.withLock { $0 = (io, 0) }
    }

    public var io: ProcessIO? { bound.withLock { $0?.io } }
    public var isClosed: Bool { closed.withLock { $0 } }

    /// Ends the output stream (detach, client gone).
    public func close() {
        closed.withLock { $0 = true }
        if let (io, token) = bound.withLock({ $0 }) { io.unsubscribe(token) }
        continuation.finish()
    }

    /// Copies client input to the process's stdin until EOF or the detach keys; returns true on detach.
    /// Input sent before the process started waits for it.
    public func forwardInput<Input: AsyncSequence>(_ input: Input, keys: DetachKeys, closeStdinAtEOF: Bool) async -> Bool
    where Input.Element == [UInt8] {
        var matcher = DetachKeys.Matcher(keys)
        do {
            for try await chunk in input {
                let (forward, detach) = matcher.feed(chunk)
                if !forward.isEmpty {
                    guard let io = await waitForIO() else { return false }
                    try await io.writeStdin(forward)
                }
                if detach { return true }
            }
        } catch {
            return false
        }
        if closeStdinAtEOF, let io = await waitForIO() { io.closeStdin() }
        return false
    }

    func waitForIO() async -> ProcessIO? {
        while true {
            if let io { return io }
            if isClosed { return nil }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}
