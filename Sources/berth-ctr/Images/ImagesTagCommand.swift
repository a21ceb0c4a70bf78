import ArgumentParser
import BerthSupervisorAPI

struct ImagesTagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tag", abstract: "Give an image another name.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Existing image name.") var source: String
    @Argument(help: "New names.") var targets: [String]

    func run() async throws {
        let namespace = global.namespace
        let source = self.source
        let targets = self.targets
        try await SupervisorConnection.with(global) { client in
            let images = Berth_Supervisor_V1_Images.Client(wrapping: client)
            var get = Berth_Supervisor_V1_GetImageRequest()
            get.namespace = namespace
            get.name = source
            let image = try await images.get(get).image
            for target in targets {
                var create = Berth_Supervisor_V1_CreateImageRequest()
                create.namespace = namespace
                create.image = image
                create.image.name = target
                _ = try await images.create(create)
                print(target)
            }
        }
    }
}
