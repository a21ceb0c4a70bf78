/// A subscribed connection: `next()` blocks until the shim publishes an event. Meant for one reader
/// thread; `close()` may be called from any thread and wakes that reader (it then gets nil).
public final class ShimEventStream: @unchecked Sendable {
    private let socket: ShimSocket

    init(socket: ShimSocket) {
        self.socket = socket
    }

    /// The next event, or nil once the shim exited or `close()` was called.
    public func next() throws -> ShimEvent? {
        guard let payload = try socket.receive() else { return nil }
        return try ShimJSON.decode(ShimEventFrame.self, from: payload).event
    }

    public func close() {
        socket.shutdown()
    }
}
