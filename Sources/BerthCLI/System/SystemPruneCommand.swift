import BerthCore

/// `berth system prune`: containers, networks, (volumes), images, in docker's order and wording.
public enum SystemPruneCommand {
    public static let spec = CommandSpec(
        path: ["system", "prune"], usage: "system prune [OPTIONS]", summary: "Remove unused data",
        flags: [
            FlagSpec("all", short: "a", help: "Remove all unused images not just dangling ones"),
            FlagSpec("filter", .list, valueName: "filter", help: "Provide filter values (e.g. \"label=<key>=<value>\")"),
            FlagSpec("force", short: "f", help: "Do not prompt for confirmation"),
            FlagSpec("volumes", help: "Prune anonymous volumes"),
        ],
        run: run)

    public static func warning(all: Bool, volumes: Bool) -> String {
        var items = ["all stopped containers", "all networks not used by at least one container"]
        if volumes { items.append("all anonymous volumes not used by at least one container") }
        items.append(all ? "all images without at least one container associated to them" : "all dangling images")
        items.append(all ? "all build cache" : "unused build cache")
        return "WARNING! This will remove:\n" + items.map { "  - \($0)\n" }.joined() + "\nAre you sure you want to continue?"
    }

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let a = ctx.arguments
        let all = a.bool("all"), volumes = a.bool("volumes")
        if !a.bool("force") && !Confirmation.ask(ctx, warning(all: all, volumes: volumes)) { return 0 }
        let filters = try FilterOptions(parsing: a.list("filter"))
        let client = try ctx.client()
        var total: Int64 = 0
        var q = URLQuery()
        if !filters.isEmpty { q.add("filters", filters.json) }
        let containers = try client.json("POST", "/containers/prune", query: q)
        total += containers["SpaceReclaimed"]?.int64 ?? 0
        let deletedContainers = containers["ContainersDeleted"]?.array?.compactMap(\.string) ?? []
        if !deletedContainers.isEmpty { ctx.stdout.write("Deleted Containers:\n" + deletedContainers.map { $0 + "\n" }.joined() + "\n") }
        let networks = try client.json("POST", "/networks/prune", query: q)
        let deletedNetworks = networks["NetworksDeleted"]?.array?.compactMap(\.string) ?? []
        if !deletedNetworks.isEmpty { ctx.stdout.write("Deleted Networks:\n" + deletedNetworks.map { $0 + "\n" }.joined() + "\n") }
        if volumes {
            let v = try client.json("POST", "/volumes/prune", query: q)
            total += v["SpaceReclaimed"]?.int64 ?? 0
            let deleted = v["VolumesDeleted"]?.array?.compactMap(\.string) ?? []
            if !deleted.isEmpty { ctx.stdout.write("Deleted Volumes:\n" + deleted.map { $0 + "\n" }.joined() + "\n") }
        }
        let (imageText, imageSpace) = try ImagePruneCommand.prune(ctx, all: all, filters: filters)
        total += imageSpace
        // ImagePruneCommand's report ends with its own total; keep only the deleted list.
        let imageLines = imageText.split(separator: "\n", omittingEmptySubsequences: false)
        ctx.stdout.write(imageLines.prefix { !$0.hasPrefix("Total reclaimed space:") }.map { $0 + "\n" }.joined())
        ctx.stdout.write("Total reclaimed space: \(HumanUnits.size(Double(total), precision: 4))\n")
        return 0
    }
}
