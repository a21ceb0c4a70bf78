import Glibc

/// The shim's only thread: a poll(2) loop over a handful of descriptors (listener, signalfd, client
/// connections, stdio copiers, OOM notifiers). Handlers run to completion; a handler may add or
/// remove watches, which takes effect on the next round.
final class EventLoop {
    final class Watch {
        let fd: Int32
        /// POLLIN/POLLOUT interest; 0 parks the watch without removing it.
        var events: Int16
        fileprivate(set) var active = true
        let handler: (Int16) -> Void

        init(fd: Int32, events: Int16, handler: @escaping (Int16) -> Void) {
            self.fd = fd
            self.events = events
            self.handler = handler
        }
    }

    private var watches: [Watch] = []
    private var running = true
    /// One read buffer shared by every copier and connection: the loop is single-threaded, so no two
    /// reads are ever in flight, and an idle shim holds one small buffer rather than one per stream.
    var scratch = [UInt8](repeating: 0, count: 16 * 1024)
    /// Runs after every round (deferred work such as exits collected during a runtime call).
    var afterRound: (() -> Void)?
    /// Checks that need a periodic look rather than an fd event (a FIFO waiting for its reader);
    /// each returns whether it still wants to run. While any exists the loop wakes every second.
    private var periodic: [() -> Bool] = []

    func addPeriodic(_ check: @escaping () -> Bool) { periodic.append(check) }

    @discardableResult
    func watch(_ fd: Int32, events: Int16, _ handler: @escaping (Int16) -> Void) -> Watch {
        let w = Watch(fd: fd, events: events, handler: handler)
        watches.append(w)
        return w
    }

    func remove(_ w: Watch?) {
        guard let w else { return }
        w.active = false
        watches.removeAll { $0 === w }
    }

    func stop() { running = false }

    func run() {
        var fds: [pollfd] = []
        while running {
            let round = watches.filter { $0.events != 0 }
            fds.removeAll(keepingCapacity: true)
            for w in round { fds.append(pollfd(fd: w.fd, events: w.events, revents: 0)) }
            let n = poll(&fds, nfds_t(fds.count), periodic.isEmpty ? -1 : 1000)
            if n < 0 {
                if errno == EINTR { continue }
                ShimLog.error("poll: \(errnoText())")
                return
            }
            for (i, w) in round.enumerated() where fds[i].revents != 0 && w.active {
                w.handler(fds[i].revents)
                if !running { break }
            }
            if !periodic.isEmpty { periodic = periodic.filter { $0() } }
            afterRound?()
        }
    }
}
