import BerthShimAPI
import CBerthLinux
import Glibc

/// One client connection: frames in, frames out, both non-blocking. A subscribed connection also
/// receives events. Output that a client does not read is capped: past the cap the client is dropped
/// rather than the shim growing.
final class ShimConnection {
    static let maxQueuedOutput = 8 << 20

    private let fd: Int32
    private let loop: EventLoop
    private var watch: EventLoop.Watch?
    private var input: [UInt8] = []
    private var output: [UInt8] = []
    private var closeWhenFlushed = false
    private(set) var closed = false
    var subscribed = false
    let onFrame: (ShimConnection, [UInt8]) -> Void
    var onClose: ((ShimConnection) -> Void)?

    init(fd: Int32, loop: EventLoop, onFrame: @escaping (ShimConnection, [UInt8]) -> Void) {
        self.fd = fd
        self.loop = loop
        self.onFrame = onFrame
        _ = berth_set_nonblock(fd, 1)
        watch = loop.watch(fd, events: Int16(POLLIN)) { [weak self] revents in self?.ready(revents) }
    }

    func send(_ payload: [UInt8]) {
        guard !closed else { return }
        guard output.count + payload.count <= ShimConnection.maxQueuedOutput else {
            ShimLog.warning("dropping a client that stopped reading (\(output.count) bytes queued)")
            close()
            return
        }
        output += ShimFrame.header(length: payload.count)
        output += payload
        flush()
    }

    /// Sends an error with request id 0 (the request could not be read) and hangs up.
    func reject(_ error: ShimError) {
        send(WireFrame.error(id: 0, error))
        closeWhenFlushed = true
        watch?.events = output.isEmpty ? 0 : Int16(POLLOUT)
        if output.isEmpty { close() }
    }

    /// Best effort before the shim exits: the last answers (shutdown's) should reach the client.
    func flushBlocking() {
        guard !closed, !output.isEmpty else { return }
        _ = berth_set_nonblock(fd, 0)
        flush()
    }

    func close() {
        guard !closed else { return }
        closed = true
        loop.remove(watch)
        watch = nil
        Glibc.close(fd)
        input = []
        output = []
        onClose?(self)
    }

    private func ready(_ revents: Int16) {
        if revents & Int16(POLLOUT) != 0 { flush() }
        if closed { return }
        if revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 && !closeWhenFlushed { readFrames() }
    }

    private func readFrames() {
        let n = loop.scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n < 0 {
            if errno == EAGAIN || errno == EINTR { return }
            close()
            return
        }
        if n == 0 {
            close()
            return
        }
        input.append(contentsOf: loop.scratch[0..<n])
        while !closed && !closeWhenFlushed && input.count >= 4 {
            let length = ShimFrame.length(input, start: 0)
            guard length <= ShimFrame.maxPayload else {
                reject(ShimError(.invalidArgument, "frame of \(length) bytes exceeds the \(ShimFrame.maxPayload)-byte limit"))
                return
            }
            guard input.count >= 4 + length else { break }
            let payload = Array(input[4..<(4 + length)])
            input.removeFirst(4 + length)
            onFrame(self, payload)
        }
        if input.isEmpty { input = [] }  // idle connections keep no buffer
    }

    private func flush() {
        while !output.isEmpty {
            let n = output.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.send(fd, base, raw.count, Int32(MSG_NOSIGNAL))
            }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN {
                    watch?.events = Int16(POLLOUT) | (closeWhenFlushed ? 0 : Int16(POLLIN))
                    return
                }
                close()
                return
            }
            output.removeFirst(n)
        }
        output = []
        if closeWhenFlushed {
            close()
        } else {
            watch?.events = Int16(POLLIN)
        }
    }
}
