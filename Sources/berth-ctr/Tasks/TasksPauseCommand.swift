import ArgumentParser
import BerthSupervisorAPI

struct TasksPauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause a task.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Container id.") var id: String

    func run() async throws {
        var request = Berth_Supervisor_V1_PauseTaskRequest()
        request.namespace = global.namespace
        request.containerID = id
        let frozen = request
        _ = try await SupervisorConnection.with(global) { client in
            try await Berth_Supervisor_V1_Tasks.Client(wrapping: client).pause(frozen)
        }
    }
}
