import BerthCore

/// `berth search TERM`: GET /images/search?term=…[&limit=N][&filters={…}] with the stored credentials
/// of the term's registry (Docker Hub unless the term starts with a host) in X-Registry-Auth. Results
/// are shown in the daemon's order, as docker 28 does.
public enum RegistrySearchCommand {
    public static let spec = CommandSpec(
        path: ["search"], usage: "search [OPTIONS] TERM", summary: "Search Docker Hub for images",
        flags: [
            FlagSpec.filter(),
            FlagSpec("format", .string, help: "Pretty-print search using a Go template"),
            FlagSpec("limit", .int, help: "Max number of search results"),
            FlagSpec("no-trunc", help: "Don't truncate output"),
        ],
        arguments: .exactly(1), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let a = ctx.arguments
        let term = ctx.positional[0]
        let filters = try FilterOptions(parsing: a.list("filter"))
        if !filters.get("is-automated").isEmpty {
            ctx.stderr.write("WARNING: the \"is-automated\" filter is deprecated, and searching for \"is-automated=true\" will not yield any results in future.\n")
        }
        let config = DockerConfigFile.load(ctx)
        let auth = RegistryAuthHeader.value(forImage: term, in: config)
        var q = URLQuery([("term", term)])
        if let limit = a.int("limit"), limit > 0 { q.add("limit", String(limit)) }
        if !filters.isEmpty { q.add("filters", filters.json) }
        let r = try ctx.client().request("GET", "/images/search", query: q, headers: [(RegistryAuthHeader.name, auth)])
        defer { r.close() }
        let results = try JSONValue.parse(try r.readAll()).array ?? []
        ctx.stdout.write(try render(results, format: a.string("format") ?? "", truncate: !a.bool("no-trunc")))
        return 0
    }

    /// The formatted results: the default table, `table …`, `json` or a plain template.
    public static func render(_ results: [JSONValue], format: String, truncate: Bool) throws -> String {
        let format = format.isEmpty ? "table" : format
        let json = format == "json"
        let rows = results.map { SearchContext.make($0, truncate: truncate, json: json) }
        return try FormatContext(format: format, defaultTableFormat: SearchContext.defaultTableFormat, headers: SearchContext.headers).render(rows)
    }
}
