/// `berth pause`: POST /containers/{id}/pause.
public enum ContainerPauseCommand {
    public static let spec = CommandSpec(
        path: ["container", "pause"], aliases: [["pause"]], usage: "container pause CONTAINER [CONTAINER...]",
        summary: "Pause all processes within one or more containers", arguments: .atLeast(1), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let client = try ctx.client()
        return try ContainerBatch.run(ctx, ctx.positional) { try ContainerBatch.post(client, ContainerBatch.path($0, "/pause")) }
    }
}
