import BerthCore

/// `berth volume prune`: POST /volumes/prune[?filters=…] after docker's confirmation prompt. The
/// daemon prunes anonymous volumes only unless the filters carry `all=true` (what -a adds).
public enum VolumePruneCommand {
    public static let spec = CommandSpec(
        path: ["volume", "prune"], usage: "volume prune [OPTIONS]", summary: "Remove unused local volumes",
        flags: [
            FlagSpec("all", short: "a", help: "Remove all unused volumes, not just anonymous ones"),
            FlagSpec("filter", .list, valueName: "filter", help: "Provide filter values (e.g. \"label=<label>\")"),
            FlagSpec("force", short: "f", help: "Do not prompt for confirmation"),
        ],
        run: run)

    public static let anonymousWarning = "WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue?"
    public static let allWarning = "WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue?"

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let all = ctx.arguments.bool("all")
        var filters = try FilterOptions(parsing: ctx.arguments.list("filter"))
        if all {
            // Checked before prompting, as docker does.
            if !filters.get("all").isEmpty {
                throw CLIError.message("conflicting options: cannot specify both --all and --filter all=1", status: 1)
            }
            filters.add("all", "true")
        }
        if !ctx.arguments.bool("force") && !Confirmation.ask(ctx, all ? allWarning : anonymousWarning) { return 0 }
        var q = URLQuery()
        if !filters.isEmpty { q.add("filters", filters.json) }
        let r = try ctx.client().json("POST", "/volumes/prune", query: q)
        let deleted = r["VolumesDeleted"]?.array?.compactMap(\.string) ?? []
        var out = ""
        // docker counts the reclaimed space only when something was deleted.
        var reclaimed: Int64 = 0
        if !deleted.isEmpty {
            out = "Deleted Volumes:\n" + deleted.map { $0 + "\n" }.joined() + "\n"
            reclaimed = r["SpaceReclaimed"]?.int64 ?? 0
        }
        ctx.stdout.write(out + "Total reclaimed space: \(HumanUnits.size(Double(reclaimed), precision: 4))\n")
        return 0
    }
}
