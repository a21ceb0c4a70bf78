import BerthCore
import BerthEngineAPI
import BerthOCI
import BerthSupervisorAPI
import FoundationEssentials

extension ContainerService {
    /// `POST /containers/{id}/exec`.
    public func createExec(_ reference: String, config: ExecConfig) throws -> String {
        let record = try store.find(reference)
        guard record.state.running else { throw BerthError(.alreadyExists, "container \(record.id) is not running") }
        if record.state.paused {
            throw BerthError(.alreadyExists, "container \(record.id) is paused, unpause the container before exec")
        }
        guard config.cmd?.isEmpty == false else { throw BerthError(.invalidArgument, "No exec command specified") }
        _ = try DetachKeys(config.detachKeys.isEmpty ? nil : config.detachKeys)
        let id = Self.newID()
        execs.insert(ExecRecord(id: id, containerID: record.id, config: config))
        events.container("exec_create: " + (config.cmd ?? []).joined(separator: " "), record, extra: ["execID": id])
        return id
    }

    public func execRecord(_ id: String) throws -> ExecRecord {
        guard let exec = execs.get(id) else { throw BerthError(.notFound, "No such exec instance: \(id)") }
        return exec
    }

    /// `GET /exec/{id}/json`.
    public func inspectExec(_ id: String) throws -> ExecInspect {
        let exec = try execRecord(id)
        var out = ExecInspect()
        out.id = exec.id
        out.containerID = exec.containerID
        out.running = exec.running
        out.exitCode = exec.exitCode
        out.pid = exec.pid
        out.openStdin = exec.config.attachStdin
        out.openStdout = exec.config.attachStdout
        out.openStderr = exec.config.attachStderr
        out.canRemove = !exec.running && exec.started
        out.detachKeys = exec.config.detachKeys
        var process = ExecProcessConfig()
        process.privileged = exec.config.privileged
        process.user = exec.config.user
        process.tty = exec.config.tty
        process.entrypoint = exec.config.cmd?.first ?? ""
        process.arguments = Array((exec.config.cmd ?? []).dropFirst())
        out.processConfig = process
        return out
    }

    /// `POST /exec/{id}/start`: starts the process; the caller then streams `attachTarget` (unless detached).
    /// The exec's exit is recorded before its output stream ends, so a client that asks for the exit code
    /// right after the stream closed gets the final one.
    public func startExec(_ id: String, detach: Bool, consoleSize: [UInt]?) async throws -> (exec: ExecRecord, target: AttachTarget?) {
        let exec = try execRecord(id)
        guard !exec.started else { throw BerthError(.alreadyExists, "Error: Exec command \(id) has already run") }
        guard let container = store.get(id: exec.containerID), container.state.running else {
            throw BerthError(.alreadyExists, "container \(exec.containerID) is not running")
        }
        execs.update(id) { $0.started = true }
        let process = try await execProcess(container, exec.config)
        let io = ProcessIO(directory: ioDirectory(container.id), prefix: "exec-" + String(id.prefix(16)),
                           stdin: exec.config.attachStdin && !detach, tty: exec.config.tty)
        try io.makeFIFOs()
        let target: AttachTarget? = detach ? nil : AttachTarget()
        try io.startPump(writer: NoneLogWriter())
        if let target { target.bind(io) }
        do {
            var request = Berth_Supervisor_V1_ExecProcessRequest()
            request.namespace = namespace
            request.containerID = container.id
            request.execID = id
            request.stdin = io.stdinPath ?? ""
            request.stdout = io.stdoutPath
            request.stderr = io.stderrPath ?? ""
            request.terminal = exec.config.tty
            request.spec = Data(try JSONCoding.encode(process))
            _ = try await SupervisorError.mapping { try await link.tasks.exec(request) }
            io.openStdin()
            var start = Berth_Supervisor_V1_StartRequest()
            start.namespace = namespace
            start.containerID = container.id
            start.execID = id
            let pid = try await SupervisorError.mapping { try await link.tasks.start(start).pid }
            let updated = execs.update(id) {
                $0.running = true
                $0.pid = Int(pid)
                $0.io = io
            }
            if let size = consoleSize ?? exec.config.consoleSize, size.count == 2, size[0] > 0, exec.config.tty {
                try? await resize(container.id, execID: id, height: size[0], width: size[1])
            }
            events.container("exec_start: " + (exec.config.cmd ?? []).joined(separator: " "), container, extra: ["execID": id])
            let exitTask = monitorExec(container.id, id)
            if let target {
                // The client's stream ends when the output does; hold it until the exit is recorded.
                let relay = AttachTarget()
                Task {
                    for await chunk in target.output { relay.continuation.yield(chunk) }
                    _ = await exitTask.value
                    relay.continuation.finish()
                }
                relay.bindStdin(io)
                return (updated ?? exec, relay)
            }
            return (updated ?? exec, nil)
        } catch {
            io.stopPump()
            io.removeFIFOs()
            target?.close()
            execs.update(id) {
                $0.exitCode = 126
                $0.running = false
            }
            throw error
        }
    }

    func monitorExec(_ containerID: String, _ execID: String) -> Task<Void, Never> {
        Task {
            var request = Berth_Supervisor_V1_WaitRequest()
            request.namespace = self.namespace
            request.containerID = containerID
            request.execID = execID
            let status = (try? await self.link.tasks.wait(request).exitStatus).map(Int.init) ?? 126
            let io = self.execs.get(execID)?.io
            await io?.waitFinished(timeout: .seconds(2))
            io?.stopPump()
            io?.removeFIFOs()
            self.execs.update(execID) {
                $0.running = false
                $0.exitCode = status
                $0.io = nil
            }
            var delete = Berth_Supervisor_V1_DeleteProcessRequest()
            delete.namespace = self.namespace
            delete.containerID = containerID
            delete.execID = execID
            _ = try? await self.link.tasks.deleteProcess(delete)
            if let container = self.store.get(id: containerID) {
                self.events.container("exec_die", container, extra: ["execID": execID, "exitCode": String(status)])
            }
        }
    }

    /// The exec's OCI process: the container's process (capabilities, rlimits, security) with the
    /// exec's command, environment, user, working directory and terminal.
    func execProcess(_ container: ContainerRecord, _ config: ExecConfig) async throws -> BerthOCI.Process {
        var get = Berth_Supervisor_V1_GetContainerRequest()
        get.namespace = namespace
        get.id = container.id
        let specBytes = try await SupervisorError.mapping { Array(try await link.containers.get(get).container.spec) }
        let spec = try JSONCoding.decode(Spec.self, from: specBytes, source: "container \(container.id) spec")
        guard var process = spec.process else { throw BerthError(.invalidConfig, "container \(container.id) has no process") }
        process.args = config.cmd
        process.terminal = config.tty ? true : nil
        process.consoleSize = nil
        var env = EnvironmentOverlay.apply(config.env ?? [], to: process.env ?? [])
        if config.tty, !env.contains(where: { $0.hasPrefix("TERM=") }) { env.append("TERM=xterm") }
        process.env = env
        if !config.workingDir.isEmpty { process.cwd = config.workingDir }
        if !config.user.isEmpty {
            process.user = try ContainerUserResolver(rootfs: "/proc/\(container.state.pid)/root").resolve(config.user, groupAdd: [])
        }
        if config.privileged {
            let all = SpecBuildEnvironment.hostCapabilities()
            process.capabilities = Capabilities(bounding: all, effective: all, permitted: all)
        }
        return process
    }
}

extension ContainerService {
    public func execRecordIfPresent(_ id: String) -> ExecRecord? { execs.get(id) }
}
