import ArgumentParser
import BerthSupervisorAPI
import FoundationEssentials

struct ContainersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "containers", abstract: "Manage container metadata.",
        subcommands: [ContainersListCommand.self, ContainersRemoveCommand.self, ContainersInfoCommand.self], aliases: ["container", "c"]
    )
}

struct ContainersListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List containers.", aliases: ["list"])
    @OptionGroup var global: GlobalOptions
    @Flag(name: .short, help: "Print only the ids.") var quiet = false
    @Argument(help: "Filters.") var filters: [String] = []

    func run() async throws {
        var request = Berth_Supervisor_V1_ListContainersRequest()
        request.namespace = global.namespace
        request.filters = filters
        let frozen = request
        let containers = try await SupervisorConnection.with(global) { client in
            try await Berth_Supervisor_V1_Containers.Client(wrapping: client).list(frozen).containers
        }
        if quiet {
            containers.forEach { print($0.id) }
            return
        }
        var table = TablePrinter(["CONTAINER", "IMAGE", "RUNTIME"])
        for container in containers {
            table.add([container.id, container.image.isEmpty ? "-" : container.image, container.runtime.name])
        }
        table.print()
    }
}

struct ContainersRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove containers and their snapshots.", aliases: ["delete", "remove"])
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Container ids.") var ids: [String]

    func run() async throws {
        let namespace = global.namespace
        for id in ids {
            try await SupervisorConnection.with(global) { client in
                try await ContainerCleanup.remove(client: client, namespace: namespace, id: id)
            }
        }
    }
}

struct ContainersInfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Show a container's metadata and spec as JSON.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Container id.") var id: String

    func run() async throws {
        var request = Berth_Supervisor_V1_GetContainerRequest()
        request.namespace = global.namespace
        request.id = id
        let frozen = request
        let container = try await SupervisorConnection.with(global) { client in
            try await Berth_Supervisor_V1_Containers.Client(wrapping: client).get(frozen).container
        }
        var summary: [String: String] = [
            "ID": container.id, "Image": container.image, "Runtime": container.runtime.name,
            "Snapshotter": container.snapshotter, "SnapshotKey": container.snapshotKey,
        ]
        summary["Labels"] = Format.labels(container.labels)
        for key in summary.keys.sorted() { print("\(key): \(summary[key] ?? "")") }
        print("Spec:")
        print(String(decoding: container.spec, as: UTF8.self))
    }
}
