import ArgumentParser
import BerthSupervisorAPI
import SwiftProtobuf

struct VersionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Show the client and supervisor versions.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        print("Client:\n  Version:  \(BerthCtr.configuration.version)\n")
        let response = try await SupervisorConnection.with(global) { client in
            try await Berth_Supervisor_V1_Version.Client(wrapping: client).version(Google_Protobuf_Empty())
        }
        print("Server:\n  Version:  \(response.version)\n  Revision: \(response.revision)\n  API:      \(response.apiVersion)")
    }
}
