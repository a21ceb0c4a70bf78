/// `berth rm`: DELETE /containers/{id}[?force=1][&link=1][&v=1].
public enum ContainerRemoveCommand {
    public static let spec = CommandSpec(
        path: ["container", "rm"], aliases: [["container", "remove"], ["rm"]], usage: "container rm [OPTIONS] CONTAINER [CONTAINER...]",
        summary: "Remove one or more containers",
        flags: [
            FlagSpec("force", short: "f", help: "Force the removal of a running container (uses SIGKILL)"),
            FlagSpec("link", short: "l", help: "Remove the specified link"),
            FlagSpec("volumes", short: "v", help: "Remove anonymous volumes associated with the container"),
        ],
        arguments: .atLeast(1), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let client = try ctx.client()
        var q = URLQuery()
        if ctx.arguments.bool("force") { q.add("force", "1") }
        if ctx.arguments.bool("link") { q.add("link", "1") }
        if ctx.arguments.bool("volumes") { q.add("v", "1") }
        return try ContainerBatch.run(ctx, ctx.positional) { name in
            let r = try client.request("DELETE", ContainerBatch.path(name), query: q)
            _ = try? r.readAll()
            r.close()
        }
    }
}
