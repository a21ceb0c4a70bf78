import ArgumentParser
import BerthSupervisorAPI

struct TasksListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List tasks.", aliases: ["list"])
    @OptionGroup var global: GlobalOptions
    @Flag(name: .short, help: "Print only the ids.") var quiet = false

    func run() async throws {
        var request = Berth_Supervisor_V1_ListTasksRequest()
        request.namespace = global.namespace
        let frozen = request
        let tasks = try await SupervisorConnection.with(global) { client in
            try await Berth_Supervisor_V1_Tasks.Client(wrapping: client).list(frozen).tasks
        }
        if quiet {
            tasks.forEach { print($0.containerID) }
            return
        }
        var table = TablePrinter(["TASK", "PID", "STATUS"])
        for task in tasks {
            table.add([task.containerID, String(task.pid), TaskStatusName.of(task.status)])
        }
        table.print()
    }
}

enum TaskStatusName {
    static func of(_ status: Berth_Supervisor_V1_ProcessStatus) -> String {
        switch status {
        case .created: return "CREATED"
        case .running: return "RUNNING"
        case .stopped: return "STOPPED"
        case .paused: return "PAUSED"
        case .pausing: return "PAUSING"
        default: return "UNKNOWN"
        }
    }
}
