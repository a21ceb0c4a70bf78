import BerthCore
import CBerthLinux
import Glibc

/// Runs blocking work (archive reading and writing, large file I/O) on its own thread and awaits
/// it, so the cooperative pool (two threads on a two-core host) never stalls.
public enum BlockingWork {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            do {
                try BlockingThread.detach {
                    continuation.resume(with: Result { try body() })
                }
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }

    /// Runs `producer` on the calling (blocking) thread, handing what it writes into the descriptor
    /// to `continuation` chunk by chunk from a reader thread; returns when both are done. A consumer
    /// that goes away makes the producer's next write fail (EPIPE) and end.
    public static func pipe(into continuation: AsyncStream<[UInt8]>.Continuation, _ producer: (Int32) throws -> Void) throws {
        var fds: [Int32] = [-1, -1]
        guard berth_pipe_cloexec(&fds) == 0 else { throw BerthError.sys("pipe") }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        let reader: BlockingThread
        do {
            reader = try BlockingThread {
                var buffer = [UInt8](repeating: 0, count: 64 * 1024)
                while true {
                    let n = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { break }
                    if case .terminated = continuation.yield(Array(buffer[0..<n])) { break }
                }
                close(readEnd)
            }
        } catch {
            close(readEnd)
            close(writeEnd)
            throw error
        }
        defer { reader.join() }
        defer { close(writeEnd) }
        try producer(writeEnd)
    }
}
