/// `berth unpause`: POST /containers/{id}/unpause.
public enum ContainerUnpauseCommand {
    public static let spec = CommandSpec(
        path: ["container", "unpause"], aliases: [["unpause"]], usage: "container unpause CONTAINER [CONTAINER...]",
        summary: "Unpause all processes within one or more containers", arguments: .atLeast(1), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let client = try ctx.client()
        return try ContainerBatch.run(ctx, ctx.positional) { try ContainerBatch.post(client, ContainerBatch.path($0, "/unpause")) }
    }
}
