import BerthCore
import BerthEngineAPI

/// `berth network prune`: POST /networks/prune[?filters=…] after docker's confirmation prompt,
/// then the names of the deleted networks.
public enum NetworkPruneCommand {
    public static let spec = CommandSpec(
        path: ["network", "prune"], usage: "network prune [OPTIONS]", summary: "Remove all unused networks",
        flags: [
            FlagSpec("filter", .list, valueName: "filter", help: "Provide filter values (e.g. \"until=<timestamp>\")"),
            FlagSpec("force", short: "f", help: "Do not prompt for confirmation"),
        ],
        run: run)

    public static let warning = "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue?"

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let filters = try FilterOptions(parsing: ctx.arguments.list("filter"))
        // Answering no is docker's cancelled error, which exits 0 silently.
        if !ctx.arguments.bool("force") && !Confirmation.ask(ctx, warning) { return 0 }
        var q = URLQuery()
        if !filters.isEmpty { q.add("filters", filters.json) }
        let raw = try ctx.client().bytes("POST", "/networks/prune", query: q)
        let deleted = try EngineJSON.decode(NetworkPruneResponse.self, from: raw).networksDeleted ?? []
        // docker builds "Deleted Networks:\n<name>\n…" and prints it with Println: a blank line ends it.
        if !deleted.isEmpty {
            ctx.stdout.write("Deleted Networks:\n" + deleted.map { $0 + "\n" }.joined() + "\n")
        }
        return 0
    }
}
