import BerthCore
import BerthLinux
import BerthOCI
import CBerthLinux
import Glibc

extension Runtime {
    /// `start`: releases the init blocked on exec.fifo, then runs the poststart hooks.
    public func start(id: String) throws {
        let lock = try store.lock(id)
        defer { _ = lock }
        let record = try store.load(id)
        switch store.status(of: record) {
        case .created: break
        case .stopped: throw BerthError(.illegalState, "cannot start a container that has stopped")
        default: throw BerthError(.illegalState, "cannot start an already running container")
        }
        let fifo = store.fifoPath(id)
        // Non-blocking open succeeds with or without a writer; we then wait for the init's byte while
        // watching that it is still alive, so a dead init cannot hang `start`.
        let fd = berthOpen(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw BerthError.sys("open \(fifo)") }
        defer { close(fd) }
        var started = false
        while !started {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let r = retryEINTR { poll(&pfd, 1, 50) }
            if r > 0 && pfd.revents & Int16(POLLIN) != 0 {
                var byte: UInt8 = 0
                if Glibc.read(fd, &byte, 1) == 1 { started = true; break }
            }
            if !ProcStat.isRunning(pid: record.initPid, startTime: record.initStartTime) {
                throw BerthError(.illegalState, "cannot start a container that has stopped")
            }
        }
        unlink(fifo)
        log.debugLog("start \(id): init \(record.initPid) released from exec.fifo")
        let state = State(id: id, status: "running", pid: record.initPid, bundle: record.bundle, annotations: record.annotations)
        for (i, hook) in (record.hooks?.poststart ?? []).enumerated() {
            do { try HookRunner.run([hook], kind: "poststart", state: state) } catch {
                log.warning("poststart hook #\(i) failed: \(error)")
            }
        }
    }
}
