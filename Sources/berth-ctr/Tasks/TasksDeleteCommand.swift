import ArgumentParser
import BerthSupervisorAPI

struct TasksDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Delete stopped tasks, printing their exit status.", aliases: ["delete"])
    @OptionGroup var global: GlobalOptions
    @Option(help: "Delete this exec process instead of the task.") var execID: String = ""
    @Argument(help: "Container ids.") var ids: [String]

    func run() async throws {
        let namespace = global.namespace
        let execID = self.execID
        for id in ids {
            let response = try await SupervisorConnection.with(global) { client in
                let tasks = Berth_Supervisor_V1_Tasks.Client(wrapping: client)
                if execID.isEmpty {
                    var request = Berth_Supervisor_V1_DeleteTaskRequest()
                    request.namespace = namespace
                    request.containerID = id
                    return try await tasks.delete(request)
                }
                var request = Berth_Supervisor_V1_DeleteProcessRequest()
                request.namespace = namespace
                request.containerID = id
                request.execID = execID
                return try await tasks.deleteProcess(request)
            }
            print("\(id)\texit status \(response.exitStatus)")
        }
    }
}
