import ArgumentParser
import Foundation
import BerthSupervisorAPI

struct LeasesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leases", abstract: "Manage leases and run garbage collection.",
        subcommands: [LeasesListCommand.self, LeasesCreateCommand.self, LeasesRemoveCommand.self, LeasesCollectCommand.self])
}

struct LeasesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List leases.", aliases: ["list"])
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        var request = Berth_Supervisor_V1_ListLeasesRequest()
        request.namespace = global.namespace
        let frozen = request
        let leases = try await SupervisorConnection.with(global) { client in
            try await Berth_Supervisor_V1_Leases.Client(wrapping: client).list(frozen).leases
        }
        var table = TablePrinter(["ID", "CREATED AT", "LABELS"])
        for lease in leases { table.add([lease.id, lease.createdAt.date.ISO8601Format(), Format.labels(lease.labels)]) }
        table.print()
    }
}

struct LeasesCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a lease.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Lease id (default: random).") var id: String = ""
    @Option(help: "Expire after this many seconds (0: never).") var expireSeconds: Int = 0

    func run() async throws {
        var request = Berth_Supervisor_V1_CreateLeaseRequest()
        request.namespace = global.namespace
        request.id = id
        if expireSeconds > 0 {
            request.labels["containerd.io/gc.expire"] = Date(timeIntervalSinceNow: Double(expireSeconds)).ISO8601Format()
        }
        let frozen = request
        let lease = try await SupervisorConnection.with(global) { client in
            try await Berth_Supervisor_V1_Leases.Client(wrapping: client).create(frozen).lease
        }
        print(lease.id)
    }
}

struct LeasesRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Delete leases.", aliases: ["delete"])
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Collect garbage before returning.") var sync = false
    @Argument(help: "Lease ids.") var ids: [String]

    func run() async throws {
        for id in ids {
            var request = Berth_Supervisor_V1_DeleteLeaseRequest()
            request.namespace = global.namespace
            request.id = id
            request.sync = sync
            let frozen = request
            _ = try await SupervisorConnection.with(global) { client in
                try await Berth_Supervisor_V1_Leases.Client(wrapping: client).delete(frozen)
            }
        }
    }
}

struct LeasesCollectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gc", abstract: "Run garbage collection now.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let report = try await SupervisorConnection.with(global) { client in
            try await Berth_Supervisor_V1_Leases.Client(wrapping: client).collectGarbage(Berth_Supervisor_V1_CollectGarbageRequest())
        }
        print("removed \(report.contentRemoved) blobs and \(report.snapshotsRemoved) snapshots, freed \(Format.bytes(report.bytesFreed))")
    }
}
