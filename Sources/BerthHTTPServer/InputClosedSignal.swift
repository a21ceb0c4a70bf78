import NIOCore
import Synchronization

/// Tells a streaming response that the client stopped reading: dockerd cancels a request's context when
/// the connection reads EOF (that is how `docker run -d` ends its `wait`). Observed in the pipeline, so
/// nobody has to consume the inbound stream to notice.
final class InputClosedSignal: Sendable {
    private struct State {
        var closed = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    var isClosed: Bool { state.withLock { $0.closed } }

    func signal() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard !state.closed else { return [] }
            state.closed = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns when the input closes, or when the calling task is cancelled.
    func wait() async {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.closed || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }
}

/// Signals `InputClosedSignal` on read EOF (half-close) or when the channel goes inactive.
final class InputClosedObserver: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    let signal: InputClosedSignal

    init(signal: InputClosedSignal) { self.signal = signal }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event { signal.signal() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        signal.signal()
        context.fireChannelInactive()
    }
}
