import ArgumentParser

struct TasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks", abstract: "Manage running tasks.",
        subcommands: [TasksListCommand.self, TasksKillCommand.self, TasksExecCommand.self, TasksPidsCommand.self,
                      TasksPauseCommand.self, TasksResumeCommand.self, TasksDeleteCommand.self, TasksMetricsCommand.self,
                      TasksStartCommand.self], aliases: ["task", "t"]
    )
}
