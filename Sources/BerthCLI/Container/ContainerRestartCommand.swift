/// `berth restart`: POST /containers/{id}/restart[?signal=…][&t=…].
public enum ContainerRestartCommand {
    public static let spec = CommandSpec(
        path: ["container", "restart"], aliases: [["restart"]], usage: "container restart [OPTIONS] CONTAINER [CONTAINER...]",
        summary: "Restart one or more containers",
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
        return try ContainerBatch.run(ctx, ctx.positional) { try ContainerBatch.post(client, ContainerBatch.path($0, "/restart"), query: q) }
    }
}
