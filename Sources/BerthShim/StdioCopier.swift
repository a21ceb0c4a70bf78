import CBerthLinux
import Glibc

/// Moves bytes from one descriptor to another inside the event loop, never blocking it: both ends
/// are non-blocking, at most one read's worth waits in `pending`, and while it waits the source is
/// not read (the container's writes block instead of the shim's memory growing).
final class StdioCopier {
    let name: String
    private let loop: EventLoop
    private var source: Int32
    private var sink: Int32
    private let closesSink: Bool
    private var pending: [UInt8] = []
    private var sourceWatch: EventLoop.Watch?
    private var sinkWatch: EventLoop.Watch?
    private var sourceDone = false
    private(set) var finished = false

    /// The sink is a FIFO the shim holds open read-write: closing it while it still holds output
    /// would discard that output (a FIFO's buffer dies with its last opener).
    private let sinkIsFIFO: Bool

    /// `closesSink`: the sink belongs to this copier (a FIFO or file it opened, the container's
    /// stdin pipe), and is closed at the end.
    init(name: String, loop: EventLoop, source: Int32, sink: Int32, closesSink: Bool, sinkIsFIFO: Bool = false) {
        self.name = name
        self.loop = loop
        self.source = source
        self.sink = sink
        self.closesSink = closesSink
        self.sinkIsFIFO = sinkIsFIFO
        sourceWatch = loop.watch(source, events: Int16(POLLIN)) { [weak self] _ in self?.readSource() }
        sinkWatch = loop.watch(sink, events: 0) { [weak self] revents in self?.sinkWritable(revents) }
    }

    /// Copies whatever the source holds right now (the process just exited: its last output must
    /// reach the FIFO or log before anyone is told it exited).
    func drain() {
        while !finished && !sourceDone && pending.isEmpty {
            guard readSource() else { return }
        }
    }

    /// Stops copying and closes both ends.
    func close() {
        guard !finished else { return }
        finished = true
        loop.remove(sourceWatch)
        loop.remove(sinkWatch)
        sourceWatch = nil
        sinkWatch = nil
        if source >= 0 { Glibc.close(source) }
        if closesSink && sink >= 0 { Glibc.close(sink) }
        source = -1
        sink = -1
        pending = []
    }

    /// One read; false when nothing more is available now.
    @discardableResult
    private func readSource() -> Bool {
        let n = loop.scratch.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
        if n < 0 {
            if errno == EINTR { return true }
            if errno == EAGAIN { return false }
            // EIO: a pty master whose slave side is gone. Anything else: the stream is over too.
            sourceEnded()
            return false
        }
        if n == 0 {
            sourceEnded()
            return false
        }
        let written = write(sink, loop.scratch, count: n)
        if written < 0 { return true }  // sink broken: output is discarded, the source still drained
        if written < n {
            pending.append(contentsOf: loop.scratch[written..<n])
            sourceWatch?.events = 0
            sinkWatch?.events = Int16(POLLOUT)
            return false
        }
        return true
    }

    private func sinkWritable(_ revents: Int16) {
        let written = pending.withUnsafeBytes { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            return writeRaw(sink, base, raw.count)
        }
        if written < 0 {
            if errno == EAGAIN || errno == EINTR { return }
            pending = []
        } else {
            pending.removeFirst(written)
        }
        guard pending.isEmpty else { return }
        pending = []  // let the capacity go: an idle shim holds no buffers
        sinkWatch?.events = 0
        if sourceDone {
            finish()
        } else {
            sourceWatch?.events = Int16(POLLIN)
        }
    }

    private func sourceEnded() {
        sourceDone = true
        sourceWatch?.events = 0
        if pending.isEmpty { finish() }
    }

    /// Everything was copied. A FIFO that still holds unread output stays open until a reader
    /// took it (checked once a second) or the process is deleted: the reader may come late.
    private func finish() {
        guard sinkIsFIFO && closesSink && berth_pipe_unread(sink) > 0 else {
            close()
            return
        }
        loop.remove(sourceWatch)
        loop.remove(sinkWatch)
        sourceWatch = nil
        sinkWatch = nil
        if source >= 0 { Glibc.close(source) }
        source = -1
        loop.addPeriodic { [weak self] in
            guard let self, !self.finished else { return false }
            if berth_pipe_unread(self.sink) > 0 { return true }
            self.close()
            return false
        }
    }

    /// Bytes written, 0 when the sink is full, -1 when it failed for good (EPIPE: nobody will read).
    private func write(_ fd: Int32, _ buffer: [UInt8], count: Int) -> Int {
        let r = buffer.withUnsafeBytes { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            return writeRaw(fd, base, count)
        }
        if r >= 0 { return r }
        if errno == EAGAIN || errno == EINTR { return 0 }
        return -1
    }

    private func writeRaw(_ fd: Int32, _ base: UnsafeRawPointer, _ count: Int) -> Int {
        var offset = 0
        while offset < count {
            let n = Glibc.write(fd, base + offset, count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return offset > 0 ? offset : -1
            }
            offset += n
        }
        return offset
    }
}
