import BerthCore

/// `berth network ls`: GET /networks[?filters=…], sorted by name the way docker sorts (naturally),
/// printed through the network formatter context with 12-character ids unless --no-trunc.
public enum NetworkListCommand {
    public static let spec = CommandSpec(
        path: ["network", "ls"], aliases: [["network", "list"]], usage: "network ls [OPTIONS]", summary: "List networks",
        flags: [
            FlagSpec("filter", short: "f", .list, valueName: "filter", help: "Provide filter values (e.g. \"driver=bridge\")"),
            FlagSpec.format(),
            FlagSpec("no-trunc", help: "Do not truncate the output"),
            FlagSpec("quiet", short: "q", help: "Only display network IDs"),
        ],
        run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let a = ctx.arguments
        let filters = try FilterOptions(parsing: a.list("filter"))
        let quiet = a.bool("quiet")
        var query = URLQuery()
        if !filters.isEmpty { query.add("filters", filters.json) }
        var networks = try ctx.client().json("GET", "/networks", query: query).array ?? []
        var format = a.string("format") ?? ""
        if format.isEmpty {
            let configured = quiet ? nil : DockerConfigFile.load(ctx).members["networksFormat"]?.string
            format = configured.flatMap { $0.isEmpty ? nil : $0 } ?? "table"
        }
        networks.sort { NaturalOrder.less($0["Name"]?.string ?? "", $1["Name"]?.string ?? "") }
        let truncate = !a.bool("no-trunc")
        var formatter = FormatContext(format: NetworkContext.format(format, quiet: quiet),
                                      defaultTableFormat: NetworkContext.defaultTableFormat, headers: NetworkContext.headers)
        formatter.headerMethods = ContainerContext.headerMethods
        ctx.stdout.write(try formatter.render(networks.map { NetworkContext.make($0, truncate: truncate) }))
        return 0
    }
}
