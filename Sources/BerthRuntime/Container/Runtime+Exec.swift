import BerthCgroups
import BerthCore
import BerthLinux
import BerthOCI
import BerthSeccomp
import CBerthLinux
import Glibc

public struct ExecOptions: Sendable {
    public var process: Process
    public var consoleSocket: String?
    public var detach: Bool
    public var pidFile: String?
    public var preserveFds: Int
    public init(process: Process, consoleSocket: String?, detach: Bool, pidFile: String?, preserveFds: Int = 0) {
        self.process = process
        self.consoleSocket = consoleSocket
        self.detach = detach
        self.pidFile = pidFile
        self.preserveFds = preserveFds
    }
}

extension Runtime {
    /// `exec`: a new process inside a running container. Stage 1 joins the cgroup and every namespace
    /// of the init (mount last), stage 2 (cloned into the pid namespace, our child) finalizes and
    /// execs. Returns the exit code in the foreground, 0 when detached.
    public func exec(id: String, _ opts: ExecOptions) throws -> Int32 {
        guard berth_thread_count() <= 1 else { throw BerthError(.illegalState, "refusing to fork from a multi-threaded process") }
        let record = try store.load(id)
        let config = try store.loadConfig(id)
        let status = store.status(of: record)
        guard status == .running || status == .created else {
            throw BerthError(.illegalState, "cannot exec in a \(status.rawValue) container")
        }
        let process = opts.process
        guard let program = process.args?.first, !program.isEmpty else {
            throw BerthError(.invalidArgument, "exec: process args must not be empty")
        }
        if process.terminal == true && opts.detach && opts.consoleSocket == nil {
            throw BerthError(.invalidArgument, "cannot allocate tty if berth-runtime will detach without setting console socket")
        }
        try ProcessAttributes.validate(process: process, linux: nil)
        try LSMLabels.check(process: process, linux: nil, log: log)
        let seccomp = try config.linux?.seccomp.map { try SeccompFilter.compile($0, cacheDirectory: seccompCacheDirectory) }
        let cgroup = cgroupManager(for: record)

        var consoleSocket: Int32 = -1
        var connected: Int32 = -1
        var console: InternalConsole?
        if process.terminal == true {
            if let path = opts.consoleSocket {
                connected = berth_unix_connect(path)
                guard connected >= 0 else { throw BerthError.sys("connect to console socket \(path)") }
                consoleSocket = connected
            } else {
                console = try InternalConsole()
                consoleSocket = console?.remote ?? -1
            }
        }
        defer { if connected >= 0 { close(connected) } }
        let signalFd = opts.detach ? -1 : berth_signalfd_all()
        let (parentEnd, childEnd) = try Pipes.socketPair()
        let unifiedFd = try cgroup?.openUnifiedDirectory() ?? -1
        var joinedUnified: Int32 = 0
        let stage1 = berth_clone_into(0, unifiedFd, &joinedUnified)
        if unifiedFd >= 0 { close(unifiedFd) }
        if stage1 < 0 { throw BerthError.sys("fork") }
        if stage1 == 0 {
            close(parentEnd)
            let sync = SyncChannel(fd: childEnd)
            var keep = Array(Int32(3)..<Int32(3 + opts.preserveFds))
            keep += [childEnd, consoleSocket]
            _ = keep.withUnsafeBufferPointer { berth_close_fds_except($0.baseAddress, $0.count) }
            do {
                // execCPUAffinity.initial: where the runtime's own exec work runs, before the cgroup's cpuset applies.
                try ProcessAttributes.applyAffinity(process.execCPUAffinity?.initial, field: "process.execCPUAffinity.initial")
                try cgroup?.joinSelf()
                if unifiedFd >= 0 && joinedUnified == 0 { try cgroup?.apply(pid: getpid()) }
                let namespaces = config.linux?.namespaces ?? []
                for type in Namespaces.joinOrder where namespaces.contains(where: { $0.type == type }) {
                    try Namespaces.join(path: "/proc/\(record.initPid)/ns/\(Namespaces.procName(type))", type: type)
                }
                let child = berth_clone(UInt(bitPattern: Int(CloneFlag.parent)))
                if child < 0 { throw BerthError.sys("clone exec process") }
                if child == 0 {
                    do {
                        try execStage2(process: process, record: record, config: config, seccomp: seccomp, consoleSocket: consoleSocket,
                                       preserveFds: opts.preserveFds, sync: sync)
                    } catch { sync.fail(error) }
                }
                try sync.send("pid:\(child)")
                _exit(0)
            } catch { sync.fail(error) }
        }
        close(childEnd)
        defer { close(parentEnd) }
        let sync = SyncChannel(fd: parentEnd)
        var pid: Int32 = 0
        var status1: Int32 = 0
        // Messages: "pid:N" from stage 1, then EOF when stage 2 execs (its end is close-on-exec),
        // or "error:..." from either stage.
        while let message = try sync.receive() {
            if message.hasPrefix("pid:"), let p = Int32(message.dropFirst(4)) {
                pid = p
                _ = berth_wait_status(stage1, 0, &status1)
            } else if message.hasPrefix("error:") {
                _ = berth_wait_status(stage1, WNOHANG, &status1)
                if pid > 0 { var s: Int32 = 0; _ = berth_wait_status(pid, 0, &s) }
                _ = berth_unblock_signals()
                throw BerthError(.system, String(message.dropFirst(6)))
            }
        }
        guard pid > 0 else {
            _ = berth_unblock_signals()
            throw BerthError(.system, "exec process exited before it started")
        }
        let master = console?.receiveMaster()
        if let pidFile = opts.pidFile {
            try FileIO.writeAtomically(Paths.absolute(pidFile), Array(String(pid).utf8), durable: false)
        }
        log.debugLog("exec \(id): process \(pid) started (\(program))")
        if opts.detach { return 0 }
        return ForegroundWaiter(pid: pid, signalFd: signalFd, ptyMaster: master).wait()
    }

    private func execStage2(process: Process, record: ContainerRecord, config: Spec, seccomp: SeccompFilter?, consoleSocket: Int32,
                            preserveFds: Int, sync: SyncChannel) throws -> Never {
        if process.terminal == true {
            guard setsid() >= 0 else { throw BerthError.sys("setsid") }
            let pty = try Pty.open(ptmx: "/dev/ptmx", rows: UInt16(clamping: process.consoleSize?.height ?? 0),
                                   cols: UInt16(clamping: process.consoleSize?.width ?? 0))
            try Pty.send(master: pty.master, name: pty.slaveName, over: consoleSocket)
            close(pty.master)
            try Pty.becomeControllingTerminal(pty.slave)
            if pty.slave > 2 { close(pty.slave) }
        }
        if chdir(process.cwd) != 0 { throw BerthError.sys("chdir to cwd (\"\(process.cwd)\")") }
        let executable = try Executable.lookup(process.args?.first ?? "", env: process.env ?? [])
        if let adj = process.oomScoreAdj { try Credentials.setOOMScoreAdj(adj) }
        let state = State(id: record.id, status: "running", pid: record.initPid, bundle: record.bundle)
        try ProcessFinalizer(process: process, executable: executable, seccomp: seccomp, seccompListener: -1,
                             preserveFds: preserveFds, stateForAgent: { state }, memoryPolicy: config.linux?.memoryPolicy).execute()
    }
}
