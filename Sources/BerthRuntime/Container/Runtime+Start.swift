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
        // EOF means the user process exec'd (the init's end is close-on-exec); bytes before it are the
        // init's error (a startContainer hook or the exec failed).
        _ = berth_set_nonblock(fd, 0)
        let failure = String(decoding: (try? FileIO.readAll(fd: fd, what: fifo)) ?? [], as: UTF8.self)
        if !failure.isEmpty {
            Glibc.kill(record.initPid, SIGKILL)
            throw BerthError(.system, "container init failed to start the process", cause: failure)
        }
        let state = State(id: id, status: "running", pid: record.initPid, bundle: record.bundle, annotations: record.annotations)
        do {
            try HookRunner.run(record.hooks?.poststart ?? [], kind: "poststart", state: state)
        } catch {
            // runtime.md (v1.3): a failing poststart hook is an error and stops the container.
            Glibc.kill(record.initPid, SIGKILL)
            throw error
        }
    }
}
