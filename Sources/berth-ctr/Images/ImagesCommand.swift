import ArgumentParser

struct ImagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "images", abstract: "Manage images.",
        subcommands: [ImagesListCommand.self, ImagesImportCommand.self, ImagesExportCommand.self,
                      ImagesRemoveCommand.self, ImagesUnpackCommand.self, ImagesTagCommand.self], aliases: ["image", "i"]
    )
}
