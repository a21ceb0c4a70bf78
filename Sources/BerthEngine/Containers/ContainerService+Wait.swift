import BerthCore
import BerthEngineAPI

extension ContainerService {
    /// `POST /containers/{id}/wait`: registers the wait now (before the HTTP headers go out, so an exit
    /// right after is seen) and returns what to await: an immediate outcome or a stream.
    public func registerWait(_ reference: String, condition: WaitCondition) throws -> AsyncStream<WaitOutcome> {
        let record = try store.find(reference)
        if condition == .notRunning, !record.state.running {
            let (stream, continuation) = AsyncStream<WaitOutcome>.makeStream()
            continuation.yield(WaitOutcome(statusCode: record.state.exitCode, error: nil))
            continuation.finish()
            return stream
        }
        return waiters.register(record.id, condition)
    }
}
