import ArgumentParser
import BerthSupervisorAPI

struct TasksPidsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ps", abstract: "List a task's processes.", aliases: ["pids"])
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Container id.") var id: String

    func run() async throws {
        var request = Berth_Supervisor_V1_ListPidsRequest()
        request.namespace = global.namespace
        request.containerID = id
        let frozen = request
        let processes = try await SupervisorConnection.with(global) { client in
            try await Berth_Supervisor_V1_Tasks.Client(wrapping: client).listPids(frozen).processes
        }
        var table = TablePrinter(["PID", "EXEC"])
        for process in processes { table.add([String(process.pid), process.execID.isEmpty ? "-" : process.execID]) }
        table.print()
    }
}
