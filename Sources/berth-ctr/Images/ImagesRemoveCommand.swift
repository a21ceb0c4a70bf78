import ArgumentParser
import BerthSupervisorAPI

struct ImagesRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove images.", aliases: ["remove", "delete"])
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Collect garbage before returning.") var sync = false
    @Argument(help: "Image names.") var names: [String]

    func run() async throws {
        let namespace = global.namespace
        let sync = self.sync
        for name in names {
            var request = Berth_Supervisor_V1_DeleteImageRequest()
            request.namespace = namespace
            request.name = name
            request.sync = sync
            let frozen = request
            _ = try await SupervisorConnection.with(global) { client in
                try await Berth_Supervisor_V1_Images.Client(wrapping: client).delete(frozen)
            }
            print(name)
        }
    }
}
