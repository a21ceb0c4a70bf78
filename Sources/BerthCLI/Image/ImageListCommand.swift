import BerthCore

/// `berth images` / `berth image ls [REPOSITORY[:TAG]]`: GET /images/json.
public enum ImageListCommand {
    public static let spec = CommandSpec(
        path: ["image", "ls"], aliases: [["image", "list"], ["images"]],
        usage: "image ls [OPTIONS] [REPOSITORY[:TAG]]", summary: "List images",
        flags: [
            FlagSpec("all", short: "a", help: "Show all images (default hides intermediate images)"),
            FlagSpec("digests", help: "Show digests"),
            FlagSpec.filter(),
            FlagSpec.format(),
            FlagSpec("no-trunc", help: "Don't truncate output"),
            FlagSpec("quiet", short: "q", help: "Only show image IDs"),
        ],
        arguments: .atMost(1), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let a = ctx.arguments
        var filters = try FilterOptions(parsing: a.list("filter"))
        if let ref = ctx.positional.first { filters.add("reference", ref) }
        var format = a.string("format") ?? ""
        if format.isEmpty { format = "table" }
        let digests = a.bool("digests")
        if format == "table" {
            if a.bool("quiet") { format = "{{.ID}}" } else if digests { format = ImageContext.digestTableFormat }
        } else if format.hasPrefix("table") && digests && !format.contains("{{.Digest}}") {
            // formatter.NewImageFormat: --digests adds the column to a custom table.
            format += "\t{{.Digest}}"
        }
        var query = URLQuery()
        if a.bool("all") { query.add("all", "1") }
        if !filters.isEmpty { query.add("filters", filters.json) }
        let list = try ctx.client().json("GET", "/images/json", query: query).array ?? []
        let now = LocalTime.now().seconds
        let truncate = !a.bool("no-trunc")
        // A template that shows digests gets digest rows, as docker does.
        let showDigests = digests || format.contains("{{.Digest}}")
        // Like docker, -q prints one line per row, so an image with several tags repeats.
        let items = list.flatMap { ImageContext.rows($0, digests: showDigests, digestFlag: digests, truncate: truncate, now: now) }
        let formatter = FormatContext(format: format, defaultTableFormat: ImageContext.defaultTableFormat, headers: ImageContext.headers)
        ctx.stdout.write(try formatter.render(items))
        return 0
    }
}
