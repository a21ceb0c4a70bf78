import ArgumentParser
import BerthSupervisorAPI

struct ImagesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List images.", aliases: ["list"])
    @OptionGroup var global: GlobalOptions
    @Flag(name: .short, help: "Print only the names.") var quiet = false
    @Argument(help: "Filters (containerd syntax, e.g. name==busybox:latest).") var filters: [String] = []

    func run() async throws {
        var request = Berth_Supervisor_V1_ListImagesRequest()
        request.namespace = global.namespace
        request.filters = filters
        let frozen = request
        let images = try await SupervisorConnection.with(global) { client in
            try await Berth_Supervisor_V1_Images.Client(wrapping: client).list(frozen).images
        }
        if quiet {
            images.forEach { print($0.name) }
            return
        }
        var table = TablePrinter(["REF", "TYPE", "DIGEST", "SIZE", "LABELS"])
        for image in images {
            table.add([image.name, image.target.mediaType, image.target.digest, Format.bytes(image.target.size),
                       Format.labels(image.labels)])
        }
        table.print()
    }
}
