import ArgumentParser
import BerthSupervisorAPI

struct NamespacesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "namespaces", abstract: "List and remove namespaces.",
        subcommands: [NamespacesListCommand.self, NamespacesRemoveCommand.self], aliases: ["namespace", "ns"])
}

struct NamespacesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List namespaces.", aliases: ["list"])
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let namespaces = try await SupervisorConnection.with(global) { client in
            try await Berth_Supervisor_V1_Namespaces.Client(wrapping: client).list(Berth_Supervisor_V1_ListNamespacesRequest()).namespaces
        }
        var table = TablePrinter(["NAME", "LABELS"])
        for namespace in namespaces { table.add([namespace.name, Format.labels(namespace.labels)]) }
        table.print()
    }
}

struct NamespacesRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove empty namespaces.", aliases: ["delete"])
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Names.") var names: [String]

    func run() async throws {
        for name in names {
            var request = Berth_Supervisor_V1_DeleteNamespaceRequest()
            request.name = name
            let frozen = request
            _ = try await SupervisorConnection.with(global) { client in
                try await Berth_Supervisor_V1_Namespaces.Client(wrapping: client).delete(frozen)
            }
        }
    }
}
