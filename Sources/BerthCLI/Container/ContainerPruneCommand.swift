import BerthCore

/// `berth container prune`: POST /containers/prune[?filters=…] after docker's confirmation prompt.
public enum ContainerPruneCommand {
    public static let spec = CommandSpec(
        path: ["container", "prune"], usage: "container prune [OPTIONS]", summary: "Remove all stopped containers",
        flags: [
            FlagSpec("filter", .list, valueName: "filter", help: "Provide filter values (e.g. \"until=<timestamp>\")"),
            FlagSpec("force", short: "f", help: "Do not prompt for confirmation"),
        ],
        run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        if !ctx.arguments.bool("force") && !Confirmation.ask(ctx, "WARNING! This will remove all stopped containers.\nAre you sure you want to continue?") {
            return 0
        }
        let (text, _) = try prune(ctx, filters: try FilterOptions(parsing: ctx.arguments.list("filter")))
        ctx.stdout.write(text)
        return 0
    }

    /// The request plus docker's report; also used by `system prune`.
    public static func prune(_ ctx: CommandContext, filters: FilterOptions) throws -> (String, Int64) {
        var q = URLQuery()
        if !filters.isEmpty { q.add("filters", filters.json) }
        let r = try ctx.client().json("POST", "/containers/prune", query: q)
        let reclaimed = r["SpaceReclaimed"]?.int64 ?? 0
        var out = ""
        let deleted = r["ContainersDeleted"]?.array?.compactMap(\.string) ?? []
        if !deleted.isEmpty { out = "Deleted Containers:\n" + deleted.map { $0 + "\n" }.joined() + "\n" }
        return (out + "Total reclaimed space: \(HumanUnits.size(Double(reclaimed), precision: 4))\n", reclaimed)
    }
}
