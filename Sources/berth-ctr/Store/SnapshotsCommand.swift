import ArgumentParser
import BerthSupervisorAPI

struct SnapshotsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshots", abstract: "Inspect snapshots.",
        subcommands: [SnapshotsListCommand.self, SnapshotsRemoveCommand.self, SnapshotsMountsCommand.self, SnapshotsUsageCommand.self], aliases: ["snapshot", "s"])
}

struct SnapshotOptions: ParsableArguments {
    @Option(help: "Snapshotter.") var snapshotter: String = "overlayfs"
}

struct SnapshotsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List snapshots.", aliases: ["list"])
    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: SnapshotOptions

    func run() async throws {
        var request = Berth_Supervisor_V1_ListSnapshotsRequest()
        request.namespace = global.namespace
        request.snapshotter = options.snapshotter
        let frozen = request
        let infos = try await SupervisorConnection.with(global) { client in
            try await Berth_Supervisor_V1_Snapshots.Client(wrapping: client).list(frozen) { response in
                var all: [Berth_Supervisor_V1_SnapshotInfo] = []
                for try await page in response.messages { all += page.info }
                return all
            }
        }
        var table = TablePrinter(["KEY", "PARENT", "KIND"])
        for info in infos {
            let kind: String
            switch info.kind {
            case .active: kind = "Active"
            case .view: kind = "View"
            case .committed: kind = "Committed"
            default: kind = "Unknown"
            }
            table.add([info.name, info.parent, kind])
        }
        table.print()
    }
}

struct SnapshotsRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove snapshots.", aliases: ["delete", "remove"])
    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: SnapshotOptions
    @Argument(help: "Snapshot keys.") var keys: [String]

    func run() async throws {
        for key in keys {
            var request = Berth_Supervisor_V1_RemoveSnapshotRequest()
            request.namespace = global.namespace
            request.snapshotter = options.snapshotter
            request.key = key
            let frozen = request
            _ = try await SupervisorConnection.with(global) { client in
                try await Berth_Supervisor_V1_Snapshots.Client(wrapping: client).remove(frozen)
            }
        }
    }
}

struct SnapshotsMountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mounts", abstract: "Print the mount commands for a snapshot.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: SnapshotOptions
    @Argument(help: "Target directory.") var target: String
    @Argument(help: "Snapshot key.") var key: String

    func run() async throws {
        var request = Berth_Supervisor_V1_MountsRequest()
        request.namespace = global.namespace
        request.snapshotter = options.snapshotter
        request.key = key
        let frozen = request
        let mounts = try await SupervisorConnection.with(global) { client in
            try await Berth_Supervisor_V1_Snapshots.Client(wrapping: client).mounts(frozen).mounts
        }
        for mount in mounts {
            print("mount -t \(mount.type) \(mount.source) \(target) -o \(mount.options.joined(separator: ","))")
        }
    }
}

struct SnapshotsUsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "usage", abstract: "Show a snapshot's disk usage.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: SnapshotOptions
    @Argument(help: "Snapshot key.") var key: String

    func run() async throws {
        var request = Berth_Supervisor_V1_UsageRequest()
        request.namespace = global.namespace
        request.snapshotter = options.snapshotter
        request.key = key
        let frozen = request
        let usage = try await SupervisorConnection.with(global) { client in
            try await Berth_Supervisor_V1_Snapshots.Client(wrapping: client).usage(frozen)
        }
        var table = TablePrinter(["KEY", "SIZE", "INODES"])
        table.add([key, Format.bytes(usage.size), String(usage.inodes)])
        table.print()
    }
}
