import BerthCore

/// `berth history`: GET /images/{name}/history through docker's history formatter.
public enum ImageHistoryCommand {
    public static let spec = CommandSpec(
        path: ["image", "history"], aliases: [["history"]], usage: "image history [OPTIONS] IMAGE",
        summary: "Show the history of an image",
        flags: [
            FlagSpec.format(),
            FlagSpec("human", short: "H", defaultValue: "true", help: "Print sizes and dates in human readable format"),
            FlagSpec("no-trunc", help: "Don't truncate output"),
            FlagSpec("platform", .string, help: "Show history for the given platform. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")"),
            FlagSpec("quiet", short: "q", help: "Only show image IDs"),
        ],
        arguments: .exactly(1), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let a = ctx.arguments
        var q = URLQuery()
        if let p = a.string("platform"), !p.isEmpty { q.add("platform", p) }
        let list = try ctx.client().json("GET", "/images/\(URLQuery.escapePath(ctx.positional[0]))/history", query: q).array ?? []
        ctx.stdout.write(try render(list, format: a.string("format") ?? "", quiet: a.bool("quiet"),
                                    human: a.isSet("human") ? a.bool("human") : true, truncate: !a.bool("no-trunc"),
                                    now: LocalTime.now().seconds))
        return 0
    }

    public static func render(_ list: [JSONValue], format: String, quiet: Bool, human: Bool, truncate: Bool, now: Int64) throws -> String {
        var format = format.isEmpty ? "table" : format
        if quiet && format == "table" { format = "{{.ID}}" }
        let items = list.map { HistoryContext.make($0, truncate: truncate, human: human, now: now) }
        let formatter = FormatContext(format: format, defaultTableFormat: human ? HistoryContext.defaultTableFormat : HistoryContext.nonHumanTableFormat, headers: HistoryContext.headers)
        return try formatter.render(items)
    }
}
