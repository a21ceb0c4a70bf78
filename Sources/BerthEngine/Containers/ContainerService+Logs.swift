import BerthCore
import BerthEngineAPI
import Synchronization

extension ContainerService {
    /// `GET /containers/{id}/logs`: validated now; the returned stream yields encoded frames (raw for
    /// TTY containers) and, with `follow`, keeps going until the container stops or the client goes.
    public func logs(_ reference: String, options: LogReadOptions, timestamps: Bool) throws -> (tty: Bool, frames: AsyncStream<[UInt8]>, cancel: @Sendable () -> Void) {
        let record = try store.find(reference)
        guard let reader = try logDriver(record).makeReader(containerDirectory: store.directory(record.id), containerID: record.id) else {
            throw BerthError(.unsupported, "configured logging driver does not support reading")
        }
        let tty = record.config.tty
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
        let store = self.store
        let id = record.id
        let box = CancelBox()
        try BlockingThread.detach {
            // One more read after the container stopped picks up its last lines.
            var stoppedChecks = 0
            do {
                try reader.follow(options, shouldStop: {
                    if box.isCancelled { return true }
                    if store.get(id: id)?.state.running != true { stoppedChecks += 1 }
                    return stoppedChecks > 1
                }, handler: { entry in
                    if box.isCancelled { throw CancellationError() }
                    continuation.yield(DockerLogFrame.encode(entry, tty: tty, timestamps: timestamps))
                })
            } catch {}
            continuation.finish()
        }
        continuation.onTermination = { _ in box.cancel() }
        return (tty, stream, { box.cancel() })
    }
}

/// A cancellation flag for a log follower thread.
final class CancelBox: Sendable {
    private let flag = Atomic<Bool>(false)
    func cancel() { flag.store(true, ordering: .releasing) }
    var isCancelled: Bool { flag.load(ordering: .acquiring) }
}
