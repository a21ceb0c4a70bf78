import ArgumentParser
import BerthOCI
import BerthSupervisorAPI
import Foundation
import GRPCCore

/// Runs an extra process in a running task, attached, and exits with its status.
struct TasksExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exec", abstract: "Run a process in a running task.")
    @OptionGroup var global: GlobalOptions
    @Flag(name: [.short, .customLong("tty")], help: "Allocate a pseudo-TTY.") var tty = false
    @Option(help: "Exec id (unique within the task).") var execID: String
    @Option(help: "Working directory.") var cwd: String?
    @Option(help: "Environment variable (repeatable).") var env: [String] = []
    @Option(name: [.short, .long], help: "uid[:gid] to run as.") var user: String?
    @Argument(help: "Container id.") var id: String
    @Argument(parsing: .captureForPassthrough, help: "Command and arguments.") var args: [String]

    func run() async throws {
        let command = self
        let namespace = global.namespace
        let status = try await SupervisorConnection.with(global) { client in
            try await command.execute(client: client, namespace: namespace)
        }
        if status != 0 { throw ExitCode(Int32(status)) }
    }

    func execute(client: GRPCClient<some ClientTransport>, namespace: String) async throws -> UInt32 {
        guard !args.isEmpty else { throw ValidationError("exec needs a command") }
        let containers = Berth_Supervisor_V1_Containers.Client(wrapping: client)
        let tasks = Berth_Supervisor_V1_Tasks.Client(wrapping: client)
        var get = Berth_Supervisor_V1_GetContainerRequest()
        get.namespace = namespace
        get.id = id
        let container = try await containers.get(get).container
        // The exec inherits the container's process settings (env, user, capabilities), as ctr does.
        let spec = try JSONCoding.decode(Spec.self, from: Array(container.spec), source: "container \(id) spec")
        var process = spec.process ?? Process()
        process.terminal = tty
        process.args = args
        process.env = SpecBuilder.merge(base: process.env ?? [], overrides: env)
        if let cwd { process.cwd = cwd }
        if let user { process.user = try SpecBuilder.numericUser(user) }

        let io = try TaskIO(id: "\(id)-\(execID)", terminal: tty)
        defer { io.remove() }
        var exec = Berth_Supervisor_V1_ExecProcessRequest()
        exec.namespace = namespace
        exec.containerID = id
        exec.execID = execID
        exec.terminal = tty
        exec.stdin = io.stdin
        exec.stdout = io.stdout
        exec.stderr = io.stderr
        exec.spec = Data(try JSONCoding.encode(process))
        io.attach(forwardStdin: true)
        _ = try await tasks.exec(exec)

        let terminal = TerminalMode()
        if tty { terminal.enterRaw() }
        defer { terminal.restore() }
        var start = Berth_Supervisor_V1_StartRequest()
        start.namespace = namespace
        start.containerID = id
        start.execID = execID
        _ = try await tasks.start(start)
        let resizer = tty ? TerminalResizer(tasks: tasks, namespace: namespace, id: id, execID: execID) : nil
        await resizer?.resizeNow()
        var wait = Berth_Supervisor_V1_WaitRequest()
        wait.namespace = namespace
        wait.containerID = id
        wait.execID = execID
        let exit = try await tasks.wait(wait)
        resizer?.stop()
        io.waitForOutput(timeout: 2)
        terminal.restore()
        var delete = Berth_Supervisor_V1_DeleteProcessRequest()
        delete.namespace = namespace
        delete.containerID = id
        delete.execID = execID
        _ = try? await tasks.deleteProcess(delete)
        return exit.exitStatus
    }
}
