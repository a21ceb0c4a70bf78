import ArgumentParser
import BerthSupervisorAPI

struct ImagesUnpackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unpack", abstract: "Unpack an image's layers into a snapshotter.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Snapshotter.") var snapshotter: String = "overlayfs"
    @Argument(help: "Image name.") var name: String

    func run() async throws {
        var request = Berth_Supervisor_V1_UnpackRequest()
        request.namespace = global.namespace
        request.name = name
        request.snapshotter = snapshotter
        let frozen = request
        let response = try await SupervisorConnection.with(global) { client in
            try await Berth_Supervisor_V1_Images.Client(wrapping: client).unpack(frozen)
        }
        print(response.chainID)
    }
}
