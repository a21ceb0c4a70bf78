import ArgumentParser
import Foundation
import BerthSupervisorAPI

/// Creates and starts a task for an existing container, detached (output discarded or to --log).
struct TasksStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start a task for an existing container, detached.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Append the task's stdout and stderr to this file.") var log: String = ""
    @Argument(help: "Container id.") var id: String

    func run() async throws {
        let namespace = global.namespace
        let id = self.id
        let log = self.log
        let pid = try await SupervisorConnection.with(global) { client in
            let tasks = Berth_Supervisor_V1_Tasks.Client(wrapping: client)
            var create = Berth_Supervisor_V1_CreateTaskRequest()
            create.namespace = namespace
            create.containerID = id
            create.logPath = log
            _ = try await tasks.create(create)
            var start = Berth_Supervisor_V1_StartRequest()
            start.namespace = namespace
            start.containerID = id
            return try await tasks.start(start).pid
        }
        print(pid)
    }
}
