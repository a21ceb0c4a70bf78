/// `berth stop`: POST /containers/{id}/stop[?signal=…][&t=…] for each container.
public enum ContainerStopCommand {
    public static let spec = CommandSpec(
        path: ["container", "stop"], aliases: [["stop"]], usage: "container stop [OPTIONS] CONTAINER [CONTAINER...]",
        summary: "Stop one or more running containers",
        flags: [
            FlagSpec("signal", short: "s", .string, help: "Signal to send to the container"),
            FlagSpec("time", .int, hidden: true, help: "Seconds to wait before killing the container (deprecated: use --timeout)"),
            FlagSpec("timeout", short: "t", .int, help: "Seconds to wait before killing the container"),
        ],
        arguments: .atLeast(1), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let client = try ctx.client()
        var q = URLQuery()
        if let s = ctx.arguments.string("signal"), !s.isEmpty { q.add("signal", s) }
        if let t = ctx.arguments.int("timeout") ?? ctx.arguments.int("time") { q.add("t", String(t)) }
        return try ContainerBatch.run(ctx, ctx.positional) { try ContainerBatch.post(client, ContainerBatch.path($0, "/stop"), query: q) }
    }
}
