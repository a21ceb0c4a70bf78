/// `berth rename OLD NEW`: POST /containers/{old}/rename?name=new.
public enum ContainerRenameCommand {
    public static let spec = CommandSpec(
        path: ["container", "rename"], aliases: [["rename"]], usage: "container rename CONTAINER NEW_NAME",
        summary: "Rename a container", arguments: .exactly(2), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let old = ctx.positional[0], new = ctx.positional[1]
        guard !new.trimmingSpaces().isEmpty, !old.trimmingSpaces().isEmpty else {
            throw CLIError.message("Error: Neither old nor new names may be empty", status: 1)
        }
        do {
            try ContainerBatch.post(try ctx.client(), ContainerBatch.path(old, "/rename"), query: URLQuery([("name", new)]))
        } catch let e as EngineAPIError {
            throw CLIError.message("\(e.description)\nError: failed to rename container named \(old)", status: 1)
        }
        return 0
    }
}
