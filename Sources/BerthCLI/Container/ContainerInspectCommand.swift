/// `berth container inspect`: GET /containers/{id}/json for each argument.
public enum ContainerInspectCommand {
    public static let spec = CommandSpec(
        path: ["container", "inspect"], usage: "container inspect [OPTIONS] CONTAINER [CONTAINER...]",
        summary: "Display detailed information on one or more containers",
        flags: [
            FlagSpec.jsonOrTemplateFormat,
            FlagSpec("size", short: "s", help: "Display total file sizes"),
        ],
        arguments: .atLeast(1), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let client = try ctx.client()
        var q = URLQuery()
        if ctx.arguments.bool("size") { q.add("size", "1") }
        return try Inspector.run(ctx, names: ctx.positional, format: ctx.arguments.string("format"),
                                 notFound: { _, message in "Error response from daemon: \(message)" }) { name in
            try Inspector.fetch(client, "/containers/\(URLQuery.escapePath(name))/json", query: q)
        }
    }
}
