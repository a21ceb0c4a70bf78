/// `berth network inspect NETWORK...`: GET /networks/{name}[?verbose=true] for each, one JSON array
/// of the daemon's own bytes (docker passes the raw answer through) or one template line per
/// network; missing networks are reported after the found ones, status 1.
public enum NetworkInspectCommand {
    public static let spec = CommandSpec(
        path: ["network", "inspect"], usage: "network inspect [OPTIONS] NETWORK [NETWORK...]",
        summary: "Display detailed information on one or more networks",
        flags: [
            FlagSpec.jsonOrTemplateFormat,
            FlagSpec("verbose", short: "v", help: "Verbose output for diagnostics"),
        ],
        arguments: .atLeast(1), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let client = try ctx.client()
        var query = URLQuery()
        // The Go client sends verbose only when set.
        if ctx.arguments.bool("verbose") { query.add("verbose", "true") }
        return try Inspector.run(ctx, names: ctx.positional, format: ctx.arguments.string("format"),
                                 notFound: { _, message in "Error response from daemon: \(message)" }) { name in
            try Inspector.fetch(client, "/networks/\(URLQuery.escapePath(name))", query: query)
        }
    }
}
