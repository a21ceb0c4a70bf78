import ArgumentParser
import BerthSupervisorAPI
import Foundation
import GRPCCore
#if canImport(Glibc)
import Glibc
#endif

/// `berth-ctr run IMAGE ID [ARGS…]`: unpack, snapshot, container, task, then either attach (the
/// exit status of the container becomes ours) or leave it running with -d.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run a container from an image.")
    @OptionGroup var global: GlobalOptions
    @Flag(name: [.short, .customLong("tty")], help: "Allocate a pseudo-TTY.") var tty = false
    @Flag(name: [.short, .long], help: "Leave the task running and return.") var detach = false
    @Flag(help: "Remove the container and its snapshot when the task exits.") var rm = false
    @Option(help: "Runtime binary the shim drives (berth-runtime, runc, or a path).") var runtime: String = ""
    @Option(help: "Snapshotter.") var snapshotter: String = "overlayfs"
    @Option(help: "Environment variable (repeatable).") var env: [String] = []
    @Option(help: "Working directory.") var cwd: String?
    @Option(name: [.short, .long], help: "uid[:gid] to run as.") var user: String?
    @Option(help: "Label key=value (repeatable).") var label: [String] = []
    @Option(help: "With -d: append stdout and stderr to this file.") var log: String = ""
    @Argument(help: "Image name.") var image: String
    @Argument(help: "Container id.") var id: String
    @Argument(parsing: .captureForPassthrough, help: "Command and arguments (default: the image's).") var args: [String] = []

    func run() async throws {
        let namespace = global.namespace
        let command = self
        let status = try await SupervisorConnection.with(global) { client in
            try await command.execute(client: client, namespace: namespace)
        }
        if let status, status != 0 { throw ExitCode(Int32(status)) }
    }

    func execute(client: GRPCClient<some ClientTransport>, namespace: String) async throws -> UInt32? {
        let images = Berth_Supervisor_V1_Images.Client(wrapping: client)
        let snapshots = Berth_Supervisor_V1_Snapshots.Client(wrapping: client)

        var unpack = Berth_Supervisor_V1_UnpackRequest()
        unpack.namespace = namespace
        unpack.name = image
        unpack.snapshotter = snapshotter
        let unpacked = try await images.unpack(unpack)

        var prepare = Berth_Supervisor_V1_PrepareSnapshotRequest()
        prepare.namespace = namespace
        prepare.snapshotter = snapshotter
        prepare.key = id
        prepare.parent = unpacked.chainID
        _ = try await snapshots.prepare(prepare)
        do {
            return try await runPrepared(client: client, namespace: namespace, config: Array(unpacked.config))
        } catch {
            // Whatever this run created goes again, so a failed run can simply be retried.
            try? await ContainerCleanup.remove(client: client, namespace: namespace, id: id)
            var remove = Berth_Supervisor_V1_RemoveSnapshotRequest()
            remove.namespace = namespace
            remove.snapshotter = snapshotter
            remove.key = id
            _ = try? await snapshots.remove(remove)
            throw error
        }
    }

    private func runPrepared(client: GRPCClient<some ClientTransport>, namespace: String, config: [UInt8]) async throws -> UInt32? {
        let containers = Berth_Supervisor_V1_Containers.Client(wrapping: client)
        let tasks = Berth_Supervisor_V1_Tasks.Client(wrapping: client)

        var container = Berth_Supervisor_V1_Container()
        container.id = id
        container.image = image
        container.snapshotter = snapshotter
        container.snapshotKey = id
        container.runtime.name = runtime
        container.spec = Data(try SpecBuilder(id: id, namespace: namespace, terminal: tty, args: args, env: env, cwd: cwd,
                                              user: user, imageConfig: config).build())
        for entry in label {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            container.labels[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        var createContainer = Berth_Supervisor_V1_CreateContainerRequest()
        createContainer.namespace = namespace
        createContainer.container = container
        _ = try await containers.create(createContainer)

        var create = Berth_Supervisor_V1_CreateTaskRequest()
        create.namespace = namespace
        create.containerID = id
        create.terminal = tty
        if detach {
            create.logPath = log
            _ = try await tasks.create(create)
            var start = Berth_Supervisor_V1_StartRequest()
            start.namespace = namespace
            start.containerID = id
            _ = try await tasks.start(start)
            print(id)
            return nil
        }

        let io = try TaskIO(id: id, terminal: tty)
        defer { io.remove() }
        create.stdin = io.stdin
        create.stdout = io.stdout
        create.stderr = io.stderr
        io.attach(forwardStdin: true)
        _ = try await tasks.create(create)

        var wait = Berth_Supervisor_V1_WaitRequest()
        wait.namespace = namespace
        wait.containerID = id
        let terminal = TerminalMode()
        if tty { terminal.enterRaw() }
        defer { terminal.restore() }
        var start = Berth_Supervisor_V1_StartRequest()
        start.namespace = namespace
        start.containerID = id
        _ = try await tasks.start(start)
        let resizer = tty ? TerminalResizer(tasks: tasks, namespace: namespace, id: id, execID: "") : nil
        await resizer?.resizeNow()
        let forwarder = tty ? nil : SignalForwarder(tasks: tasks, namespace: namespace, id: id, execID: "")
        let exit = try await tasks.wait(wait)
        forwarder?.stop()
        resizer?.stop()
        io.waitForOutput(timeout: 2)
        terminal.restore()

        var delete = Berth_Supervisor_V1_DeleteTaskRequest()
        delete.namespace = namespace
        delete.containerID = id
        _ = try await tasks.delete(delete)
        if rm {
            try await ContainerCleanup.remove(client: client, namespace: namespace, id: id)
        }
        return exit.exitStatus
    }
}
