import BerthCore

/// `berth ps` / `berth container ls`: GET /containers/json, rendered through docker's container
/// formatter (default table, `-q` IDs, `--format` templates, `json`).
public enum ContainerListCommand {
    public static let spec = CommandSpec(
        path: ["container", "ls"], aliases: [["container", "list"], ["container", "ps"], ["ps"]],
        usage: "container ls [OPTIONS]", summary: "List containers",
        flags: [
            FlagSpec("all", short: "a", help: "Show all containers (default shows just running)"),
            FlagSpec.filter(),
            FlagSpec.format(),
            FlagSpec("last", short: "n", .int, defaultValue: "-1", help: "Show n last created containers (includes all states)"),
            FlagSpec("latest", short: "l", help: "Show the latest created container (includes all states)"),
            FlagSpec("no-trunc", help: "Don't truncate output"),
            FlagSpec("quiet", short: "q", help: "Only display container IDs"),
            FlagSpec("size", short: "s", help: "Display total file sizes"),
        ],
        run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let a = ctx.arguments
        let filters = try FilterOptions(parsing: a.list("filter"))
        var format = a.string("format") ?? ""
        if format.isEmpty { format = "table" }
        var size = a.bool("size")
        // docker asks for sizes when the template uses them.
        if !size && format.contains(".Size") { size = true }
        if a.bool("quiet") && format == "table" { format = "{{.ID}}" } else if format == "table" && size {
            format = ContainerContext.defaultTableFormat + "\\t{{.Size}}"
        }
        var last = a.int("last") ?? -1
        if a.bool("latest") { last = 1 }
        var query = URLQuery()
        if a.bool("all") || last > 0 { query.add("all", "1") }
        if last > 0 { query.add("limit", String(last)) }
        if size { query.add("size", "1") }
        if !filters.isEmpty { query.add("filters", filters.json) }
        let list = try ctx.client().json("GET", "/containers/json", query: query).array ?? []
        let now = LocalTime.now().seconds
        let items = list.map { ContainerContext.make($0, truncate: !a.bool("no-trunc"), now: now) }
        var formatter = FormatContext(format: format, defaultTableFormat: ContainerContext.defaultTableFormat, headers: ContainerContext.headers)
        formatter.headerMethods = ContainerContext.headerMethods
        ctx.stdout.write(try formatter.render(items))
        return 0
    }
}
