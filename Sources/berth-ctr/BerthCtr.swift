import ArgumentParser

/// berth-ctr: the operator's client for berth-supervisor, in the role of containerd's `ctr`. It speaks
/// only the supervisor's gRPC API, so anything it does an engine or script can do the same way.
@main
struct BerthCtr: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "berth-ctr",
        abstract: "Drive berth-supervisor directly: images, containers, tasks, snapshots, content, leases and events.",
        version: "0.3.0",
        subcommands: [
            VersionCommand.self, RunCommand.self, ImagesCommand.self, ContainersCommand.self, TasksCommand.self,
            SnapshotsCommand.self, ContentCommand.self, LeasesCommand.self, NamespacesCommand.self, EventsCommand.self,
        ]
    )
}

/// Options every command takes: where the supervisor listens and which namespace to work in.
struct GlobalOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Supervisor socket (env BERTH_SUPERVISOR_ADDRESS).")
    var address: String = EnvironmentDefaults.address

    @Option(name: [.short, .customLong("namespace")], help: "Namespace (env BERTH_NAMESPACE).")
    var namespace: String = EnvironmentDefaults.namespace
}
