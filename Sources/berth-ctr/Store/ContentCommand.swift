import ArgumentParser
import Foundation
import BerthSupervisorAPI

struct ContentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "content", abstract: "Inspect content blobs.",
        subcommands: [ContentListCommand.self, ContentGetCommand.self, ContentRemoveCommand.self])
}

struct ContentListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List blobs.", aliases: ["list"])
    @OptionGroup var global: GlobalOptions
    @Flag(name: .short, help: "Print only the digests.") var quiet = false

    func run() async throws {
        var request = Berth_Supervisor_V1_ListContentRequest()
        request.namespace = global.namespace
        let frozen = request
        let infos = try await SupervisorConnection.with(global) { client in
            try await Berth_Supervisor_V1_Content.Client(wrapping: client).list(frozen) { response in
                var all: [Berth_Supervisor_V1_ContentInfo] = []
                for try await page in response.messages { all += page.info }
                return all
            }
        }
        if quiet {
            infos.forEach { print($0.digest) }
            return
        }
        var table = TablePrinter(["DIGEST", "SIZE", "LABELS"])
        for info in infos { table.add([info.digest, Format.bytes(info.size), Format.labels(info.labels)]) }
        table.print()
    }
}

struct ContentGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Write a blob to stdout.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Digest.") var digest: String

    func run() async throws {
        var request = Berth_Supervisor_V1_ReadContentRequest()
        request.namespace = global.namespace
        request.digest = digest
        let frozen = request
        try await SupervisorConnection.with(global) { client in
            try await Berth_Supervisor_V1_Content.Client(wrapping: client).read(frozen) { response in
                for try await chunk in response.messages {
                    FileHandle.standardOutput.write(chunk.data)
                }
            }
        }
    }
}

struct ContentRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove blobs from the namespace.", aliases: ["delete"])
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Digests.") var digests: [String]

    func run() async throws {
        for digest in digests {
            var request = Berth_Supervisor_V1_DeleteContentRequest()
            request.namespace = global.namespace
            request.digest = digest
            let frozen = request
            _ = try await SupervisorConnection.with(global) { client in
                try await Berth_Supervisor_V1_Content.Client(wrapping: client).delete(frozen)
            }
        }
    }
}
