import ArgumentParser
import BerthSupervisorAPI

struct TasksMetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "metrics", abstract: "Print a task's cgroup statistics as JSON.", aliases: ["stats"])
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Container id.") var id: String

    func run() async throws {
        var request = Berth_Supervisor_V1_MetricsRequest()
        request.namespace = global.namespace
        request.filters = ["id==\(id)"]
        let frozen = request
        let metrics = try await SupervisorConnection.with(global) { client in
            try await Berth_Supervisor_V1_Tasks.Client(wrapping: client).metrics(frozen).metrics
        }
        guard let metric = metrics.first else { throw CtrFailure("no metrics for task \"\(id)\"") }
        print(String(decoding: metric.data, as: UTF8.self))
    }
}
