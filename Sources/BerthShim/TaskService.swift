import BerthCore
import BerthLinux
import BerthShimAPI
import CBerthLinux
import Glibc

/// The task's processes and what can be done to them. Every runtime call is synchronous (the shim
/// has one thread); exits are collected by the reaper and applied in `processExits`.
final class TaskService {
    static let version = "berth-shim 0.1.0"

    let config: ShimConfig
    private let loop: EventLoop
    let reaper = ChildReaper()
    private var runtime: RuntimeCLI?
    private var initProcess: ShimProcess?
    private var initDeleted = false
    private var execs: [String: ShimProcess] = [:]
    /// Exits of pids not (yet) known: a fast exec can exit before its pid file is read.
    private var unclaimedExits: [Int32: Int32] = [:]
    private var oomWatcher: OOMWatcher?
    private var consoleCounter = 0
    var publish: (ShimEvent) -> Void = { _ in }

    init(config: ShimConfig, loop: EventLoop) {
        self.config = config
        self.loop = loop
    }

    // MARK: lifecycle

    func connect() -> ConnectResponse {
        ConnectResponse(shimPid: getpid(), initPid: initDeleted ? 0 : (initProcess?.pid ?? 0), version: TaskService.version)
    }

    func create(_ r: CreateRequest) throws -> PidResponse {
        guard initProcess == nil && !initDeleted else { throw ShimError(.alreadyExists, "task \(config.id) already created") }
        guard r.id.isEmpty || r.id == config.id else {
            throw ShimError(.invalidArgument, "create for \(r.id) sent to the shim of \(config.id)")
        }
        let bundle = r.bundle.isEmpty ? config.bundle : r.bundle
        guard bundle == config.bundle else {
            throw ShimError(.invalidArgument, "bundle \(bundle) differs from the shim's bundle \(config.bundle)")
        }
        let runtimeName = (r.runtime?.isEmpty ?? true) ? config.runtime : (r.runtime ?? "")
        let root = (r.runtimeRoot?.isEmpty ?? true) ? config.runtimeRoot : r.runtimeRoot
        let cli = RuntimeCLI(binary: try RuntimeCLI.resolve(runtimeName), root: root, logPath: config.runtimeLogPath,
                             runner: ProcessRunner(reaper: reaper))
        try RuntimeChoice(runtime: cli.binary, runtimeRoot: cli.root).write(bundle: bundle)

        let io = try ProcessIO(loop: loop, label: "init of \(config.id)", terminal: r.terminal, stdin: r.stdin,
                               stdout: r.stdout, stderr: r.stderr, logPath: r.logPath)
        let process = ShimProcess(execID: nil, io: io)
        var args = ["create", "--bundle", bundle, "--pid-file", config.initPidPath]
        if r.options?.noPivotRoot == true { args.append("--no-pivot") }
        if r.options?.noNewKeyring == true { args.append("--no-new-keyring") }
        let pid = try launch(process, cli: cli, verb: args, pidFile: config.initPidPath)
        runtime = cli
        initProcess = process
        oomWatcher = OOMWatcher.start(pid: pid, loop: loop) { [weak self] in self?.oomKilled() }
        publish(ShimEvent(topic: ShimEvent.Topic.create, id: config.id, pid: pid))
        claimEarlyExit(process)
        return PidResponse(pid: pid)
    }

    func start(_ r: ProcessRequest) throws -> PidResponse {
        let process = try find(r.execID)
        guard process.status == .created else {
            throw ShimError(.failedPrecondition, "\(process.label) of \(config.id) is \(process.status.rawValue), not created")
        }
        let cli = try requireRuntime()
        if let execID = process.execID {
            let initStatus = initProcess?.status
            guard initStatus == .running else {
                throw ShimError(.failedPrecondition, "cannot start exec \(execID): container \(config.id) is \(initStatus?.rawValue ?? "not created")")
            }
            let dir = config.bundle + "/exec"
            try FileIO.mkdirAll(dir, mode: 0o711)
            let specPath = dir + "/\(execID).json"
            let pidPath = dir + "/\(execID).pid"
            try FileIO.writeAtomically(specPath, Array((process.spec ?? "{}").utf8), mode: 0o600, durable: false)
            let args = ["exec", "--process", specPath, "--pid-file", pidPath, "--detach"]
            do {
                _ = try launch(process, cli: cli, verb: args, pidFile: pidPath)
            } catch {
                // A failed exec ends here: waiters learn it as an exit, delete can drop it.
                process.exit = ExitRecord(pid: 0, status: 255, exitedAt: Timestamp.rfc3339Nano(Timestamp.now()))
                process.status = .stopped
                answerWaiters(process)
                throw error
            }
            process.spec = nil
            process.status = .running
            publish(ShimEvent(topic: ShimEvent.Topic.execStarted, id: config.id, execID: execID, pid: process.pid))
            claimEarlyExit(process)
        } else {
            try cli.capture(["start", config.id])
            process.status = .running
            publish(ShimEvent(topic: ShimEvent.Topic.start, id: config.id, pid: process.pid))
        }
        return PidResponse(pid: process.pid)
    }

    /// Runs create or exec with the process's stdio (or console socket), then reads its pid.
    private func launch(_ process: ShimProcess, cli: RuntimeCLI, verb: [String], pidFile: String) throws -> Int32 {
        var args = verb
        var console: ConsoleSocket?
        defer { console?.close() }
        do {
            if process.io.terminal {
                consoleCounter += 1
                let socket = try ConsoleSocket(path: config.socketPath + ".c\(consoleCounter)")
                console = socket
                args += ["--console-socket", socket.path]
            }
            args.append(config.id)
            unlink(pidFile)
            // Exits reaped during this call belong to it (or to nobody): start from a clean slate.
            unclaimedExits.removeAll()
            try cli.run(args, stdin: process.io.containerStdin, stdout: process.io.containerStdout, stderr: process.io.containerStderr)
            process.io.closeContainerEnds()
            if let console { try process.io.attachConsole(master: try console.receiveMaster()) }
            guard let text = FileIO.readTrimmed(pidFile), let pid = Int32(text), pid > 0 else {
                throw ShimError(.internal, "runtime \(cli.binary) left no valid pid in \(pidFile)")
            }
            process.pid = pid
            return pid
        } catch {
            process.io.close()
            throw ShimError(error)
        }
    }

    /// Applies an exit that was reaped while the runtime call that made the process still ran.
    private func claimEarlyExit(_ process: ShimProcess) {
        collectExits()
        if let status = unclaimedExits.removeValue(forKey: process.pid) {
            exited(process, rawStatus: status)
        }
    }

    func state(_ r: ProcessRequest) throws -> StateResponse {
        let p = try find(r.execID)
        return StateResponse(id: config.id, execID: p.execID, pid: p.pid, status: p.status, exitStatus: p.exit?.status ?? 0,
                             exitedAt: p.exit?.exitedAt, terminal: p.io.terminal, stdin: p.io.stdinPath,
                             stdout: p.io.logPath ?? p.io.stdoutPath, stderr: p.io.logPath ?? p.io.stderrPath, bundle: config.bundle)
    }

    func kill(_ r: KillRequest) throws -> ShimEmpty {
        let p = try find(r.execID)
        guard r.signal > 0 && r.signal < 65 else { throw ShimError(.invalidArgument, "invalid signal \(r.signal) for \(p.label) of \(config.id)") }
        if p.status == .stopped { throw ShimError(.notFound, "\(p.label) of \(config.id): process already finished") }
        if p.execID == nil {
            var args = ["kill"]
            if r.all { args.append("--all") }
            try requireRuntime().capture(args + [config.id, String(r.signal)])
        } else {
            guard p.pid > 0 else { throw ShimError(.failedPrecondition, "\(p.label) of \(config.id) is not started") }
            guard Glibc.kill(p.pid, r.signal) == 0 else {
                throw ShimError(errno == ESRCH ? .notFound : .internal, "kill \(p.label) (pid \(p.pid)) of \(config.id): \(errnoText())")
            }
        }
        return ShimEmpty()
    }

    func delete(_ r: ProcessRequest) throws -> ExitResponse {
        let p = try find(r.execID)
        if let execID = p.execID {
            guard p.status != .running else {
                throw ShimError(.failedPrecondition, "cannot delete running exec \(execID) of \(config.id)")
            }
            p.io.close()
            execs[execID] = nil
            unlink(config.bundle + "/exec/\(execID).json")
            unlink(config.bundle + "/exec/\(execID).pid")
            return p.exitResponse
        }
        guard p.status == .created || p.status == .stopped else {
            throw ShimError(.failedPrecondition, "cannot delete \(p.status.rawValue) task \(config.id): kill it first")
        }
        let cli = try requireRuntime()
        oomWatcher?.stop()
        oomWatcher = nil
        try cli.capture(["delete", "--force", config.id])
        if p.status == .created { awaitForcedExit(p) }
        p.io.close()
        initDeleted = true
        for (_, exec) in execs { exec.io.close() }
        execs = [:]
        publish(ShimEvent(topic: ShimEvent.Topic.delete, id: config.id, pid: p.pid, exitStatus: p.exit?.status, exitedAt: p.exit?.exitedAt))
        return p.exitResponse
    }

    /// `delete --force` of a created task SIGKILLs its init; its exit is normally reaped within the
    /// call, but give a slow kernel a moment before recording the kill ourselves.
    private func awaitForcedExit(_ p: ShimProcess) {
        for _ in 0..<200 where p.status != .stopped {
            processExits()
            if p.status == .stopped { return }
            usleep(10_000)
        }
        if p.status != .stopped { exited(p, rawStatus: Int32(SIGKILL)) }
    }

    func exec(_ r: ExecRequest) throws -> ShimEmpty {
        do { try ContainerID.validate(r.execID) } catch { throw ShimError(.invalidArgument, "invalid exec id \"\(r.execID)\"") }
        guard r.execID != "init" else { throw ShimError(.invalidArgument, "exec id \"init\" is reserved") }
        guard execs[r.execID] == nil else { throw ShimError(.alreadyExists, "exec \(r.execID) of \(config.id) already exists") }
        guard let initProcess, !initDeleted, initProcess.status != .stopped else {
            throw ShimError(.failedPrecondition, "cannot exec in \(config.id): container is not running")
        }
        guard (try? JSONValue.parse(Array(r.spec.utf8)))?["args"] != nil else {
            throw ShimError(.invalidArgument, "exec \(r.execID): spec is not an OCI process with args")
        }
        let io = try ProcessIO(loop: loop, label: "exec \(r.execID) of \(config.id)", terminal: r.terminal, stdin: r.stdin,
                               stdout: r.stdout, stderr: r.stderr, logPath: nil)
        let process = ShimProcess(execID: r.execID, io: io)
        process.spec = r.spec
        execs[r.execID] = process
        publish(ShimEvent(topic: ShimEvent.Topic.execAdded, id: config.id, execID: r.execID))
        return ShimEmpty()
    }

    func pids() throws -> PidsResponse {
        let out = try requireRuntime().capture(["ps", "--format", "json", config.id])
        guard let list = (try? JSONValue.parse(out))?.array else {
            throw ShimError(.internal, "runtime ps for \(config.id) printed no json list")
        }
        let processes = list.compactMap { $0.int64.flatMap { Int32(exactly: $0) } }.map { pid in
            ShimProcessInfo(pid: pid, execID: execs.values.first(where: { $0.pid == pid && $0.status != .stopped })?.execID)
        }
        return PidsResponse(processes: processes)
    }

    func pause() throws -> ShimEmpty {
        let p = try find(nil)
        guard p.status == .running else { throw ShimError(.failedPrecondition, "cannot pause \(p.status.rawValue) task \(config.id)") }
        try requireRuntime().capture(["pause", config.id])
        p.status = .paused
        publish(ShimEvent(topic: ShimEvent.Topic.paused, id: config.id, pid: p.pid))
        return ShimEmpty()
    }

    func resume() throws -> ShimEmpty {
        let p = try find(nil)
        guard p.status == .paused else { throw ShimError(.failedPrecondition, "cannot resume \(p.status.rawValue) task \(config.id)") }
        try requireRuntime().capture(["resume", config.id])
        p.status = .running
        publish(ShimEvent(topic: ShimEvent.Topic.resumed, id: config.id, pid: p.pid))
        return ShimEmpty()
    }

    func resizePty(_ r: ResizePtyRequest) throws -> ShimEmpty {
        let p = try find(r.execID)
        try p.io.resize(width: r.width, height: r.height)
        return ShimEmpty()
    }

    func closeIO(_ r: CloseIORequest) throws -> ShimEmpty {
        let p = try find(r.execID)
        if r.stdin { p.io.closeStdin() }
        return ShimEmpty()
    }

    func stats() throws -> StatsResponse {
        _ = try find(nil)
        let out = try requireRuntime().capture(["events", "--stats", config.id])
        return StatsResponse(json: String(decoding: out, as: UTF8.self).trimmingTrailingNewlines())
    }

    func update(_ r: UpdateRequest) throws -> ShimEmpty {
        _ = try find(nil)
        guard (try? JSONValue.parse(Array(r.resources.utf8))) != nil else {
            throw ShimError(.invalidArgument, "update of \(config.id): resources are not valid json")
        }
        try requireRuntime().capture(["update", "-r", "-", config.id], input: Array(r.resources.utf8))
        return ShimEmpty()
    }

    /// Answers at once when the process already exited, else when it does.
    func wait(_ r: ProcessRequest, reply: @escaping (ExitResponse) -> Void) throws {
        let p = try find(r.execID)
        if p.status == .stopped {
            reply(p.exitResponse)
        } else {
            p.waiters.append(reply)
        }
    }

    /// Whether a shutdown would leave a live process without its shim.
    var hasLiveProcess: Bool {
        if let p = initProcess, !initDeleted, p.status != .stopped { return true }
        return execs.values.contains { $0.status == .running }
    }

    // MARK: exits

    /// Reaps what exited and applies it: exit record on disk first, then the last output, then the
    /// parked waits and the subscribers.
    func processExits() {
        collectExits()
        guard !unclaimedExits.isEmpty else { return }
        for (pid, status) in unclaimedExits {
            guard let p = liveProcess(pid: pid) else { continue }
            unclaimedExits[pid] = nil
            exited(p, rawStatus: status)
        }
        // Pids nobody claims (the runtime's helpers, stray descendants) must not pile up.
        if unclaimedExits.count > 64 { unclaimedExits.removeAll() }
    }

    private func collectExits() {
        reaper.reapAvailable()
        for (pid, status) in reaper.takePending() { unclaimedExits[pid] = status }
    }

    private func liveProcess(pid: Int32) -> ShimProcess? {
        if let p = initProcess, !initDeleted, p.pid == pid, p.status != .stopped { return p }
        return execs.values.first { $0.pid == pid && $0.status != .stopped && $0.status != .created }
    }

    private func exited(_ p: ShimProcess, rawStatus: Int32) {
        let record = ExitRecord(pid: p.pid, status: UInt32(berth_exit_code(rawStatus)), exitedAt: Timestamp.rfc3339Nano(Timestamp.now()))
        do {
            try record.write(bundle: config.bundle, execID: p.execID)
        } catch {
            ShimLog.error("record exit of \(p.label) of \(config.id): \(error)")
        }
        p.exit = record
        p.status = .stopped
        p.io.drain()
        answerWaiters(p)
        publish(ShimEvent(topic: ShimEvent.Topic.exit, id: config.id, execID: p.execID, pid: p.pid,
                          exitStatus: record.status, exitedAt: record.exitedAt))
    }

    private func answerWaiters(_ p: ShimProcess) {
        let waiters = p.waiters
        p.waiters = []
        for reply in waiters { reply(p.exitResponse) }
    }

    private func oomKilled() {
        publish(ShimEvent(topic: ShimEvent.Topic.oom, id: config.id, pid: initProcess?.pid ?? 0))
    }

    // MARK: lookup

    private func find(_ execID: String?) throws -> ShimProcess {
        if let execID, !execID.isEmpty {
            guard let p = execs[execID] else { throw ShimError(.notFound, "exec \(execID) of \(config.id) not found") }
            return p
        }
        guard let p = initProcess, !initDeleted else { throw ShimError(.notFound, "task \(config.id) not found") }
        return p
    }

    private func requireRuntime() throws -> RuntimeCLI {
        guard let runtime else { throw ShimError(.failedPrecondition, "task \(config.id) is not created") }
        return runtime
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = self
        while s.last == "\n" || s.last == "\r" || s.last == " " { s.removeLast() }
        return s
    }
}
