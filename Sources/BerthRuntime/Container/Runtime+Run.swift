import BerthCore
import BerthLinux
import BerthOCI
import CBerthLinux
import Glibc

extension Runtime {
    /// `run`: create + start. Detached, it returns once started; otherwise it waits for the init
    /// (our child, thanks to CLONE_PARENT), forwards signals, deletes the container and returns
    /// the init's exit code.
    public func run(id: String, _ opts: CreateOptions, detach: Bool) throws -> Int32 {
        var opts = opts
        let config = try BundleConfig.load(opts.bundle)
        var console: InternalConsole?
        if !detach, config.spec.process?.terminal == true, opts.consoleSocket == nil {
            console = try InternalConsole()
            opts.consoleConnection = console?.remote
        }
        // Signals are blocked before the init exists so none is lost; the init unblocks its own.
        let signalFd = detach ? -1 : berth_signalfd_all()
        let pid: Int32
        do {
            pid = try create(id: id, opts, bundleConfig: config, detached: detach)
        } catch {
            _ = berth_unblock_signals()
            throw error
        }
        let master = console?.receiveMaster()
        do { try start(id: id) } catch {
            try? delete(id: id, force: true)
            throw error
        }
        if detach { return 0 }
        let code = ForegroundWaiter(pid: pid, signalFd: signalFd, ptyMaster: master).wait()
        try? delete(id: id, force: true)
        return code
    }
}
