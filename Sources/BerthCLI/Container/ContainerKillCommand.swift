/// `berth kill`: POST /containers/{id}/kill[?signal=…] (the daemon defaults to KILL).
public enum ContainerKillCommand {
    public static let spec = CommandSpec(
        path: ["container", "kill"], aliases: [["kill"]], usage: "container kill [OPTIONS] CONTAINER [CONTAINER...]",
        summary: "Kill one or more running containers",
        flags: [FlagSpec("signal", short: "s", .string, help: "Signal to send to the container")],
        arguments: .atLeast(1), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let client = try ctx.client()
        var q = URLQuery()
        if let s = ctx.arguments.string("signal"), !s.isEmpty { q.add("signal", s) }
        return try ContainerBatch.run(ctx, ctx.positional) { try ContainerBatch.post(client, ContainerBatch.path($0, "/kill"), query: q) }
    }
}
