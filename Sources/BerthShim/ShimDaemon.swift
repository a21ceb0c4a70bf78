import BerthCore
import BerthLinux
import BerthShimAPI
import CBerthLinux
import Glibc

/// The shim process proper, after `start` forked it: detaches, becomes the subreaper for its
/// container, listens, tells its parent it is ready and serves until `shutdown`.
enum ShimDaemon {
    static let prSetChildSubreaper: Int32 = 36

    /// Runs in the forked child. Never returns.
    static func run(_ config: ShimConfig, readyFD: Int32) -> Never {
        let listenFD: Int32
        let signalFD: Int32
        do {
            try detach(bundle: config.bundle)
            // Whatever the caller left us (open descriptors, a blocked signal mask, handlers) must not
            // reach the daemon or, through it, the runtime and the container.
            var keep = [readyFD]
            _ = berth_close_fds_except(&keep, 1)
            _ = berth_reset_signal_handlers()
            guard berth_prctl(prSetChildSubreaper, 1, 0, 0, 0) == 0 else { throw BerthError.sys("prctl PR_SET_CHILD_SUBREAPER") }
            signalFD = berth_shim_signalfd()
            guard signalFD >= 0 else { throw BerthError.sys("signalfd") }
            listenFD = berth_unix_listen(config.socketPath, 32)
            guard listenFD >= 0 else { throw BerthError.sys("listen on \(config.socketPath)") }
            chmod(config.socketPath, 0o600)
            try FileIO.writeAtomically(config.bundle + "/address", Array(ShimAddress.address(forSocket: config.socketPath).utf8), durable: false)
            try FileIO.writeAtomically(config.bundle + "/shim.pid", Array(String(getpid()).utf8), durable: false)
        } catch {
            ShimLog.error("shim for \(config.namespace)/\(config.id) failed to start: \(error)")
            try? FileIO.writeAll(fd: readyFD, Array("\(error)".utf8), what: "readiness pipe")
            exit(1)
        }
        try? FileIO.writeAll(fd: readyFD, Array("ok".utf8), what: "readiness pipe")
        close(readyFD)
        ShimLog.info("shim for \(config.namespace)/\(config.id) listening on \(config.socketPath)")

        let loop = EventLoop()
        let service = TaskService(config: config, loop: loop)
        let server = ShimServer(loop: loop, service: service, listenFD: listenFD)
        loop.watch(signalFD, events: Int16(POLLIN)) { _ in
            _ = berth_drain_fd(signalFD)
            service.processExits()
        }
        // Exits reaped inside a runtime call are applied once the call's answer went out. Then the
        // heap is trimmed: a request's transient buffers (JSON, runtime output) must not stay
        // resident in a shim that then idles for days.
        loop.afterRound = {
            service.processExits()
            _ = berth_malloc_trim()
        }
        loop.run()

        server.flushAll()
        unlink(config.socketPath)
        ShimLog.info("shim for \(config.namespace)/\(config.id) exiting")
        exit(0)
    }

    /// New session, cwd in the bundle, stdin/stdout on /dev/null and stderr on `bundle/shim.log`.
    private static func detach(bundle: String) throws {
        _ = setsid()
        guard chdir(bundle) == 0 else { throw BerthError.sys("chdir \(bundle)") }
        let null = berthOpen("/dev/null", O_RDWR | O_CLOEXEC)
        let log = berthOpen(bundle + "/shim.log", O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard null >= 0 else { throw BerthError.sys("open /dev/null") }
        guard log >= 0 else { throw BerthError.sys("open \(bundle)/shim.log") }
        dup2(null, 0)
        dup2(null, 1)
        dup2(log, 2)
        close(null)
        close(log)
    }
}
