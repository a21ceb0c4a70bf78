import BerthCore

/// `berth image prune`: POST /images/prune?filters={"dangling":{"true":true}} (`false` with -a).
public enum ImagePruneCommand {
    public static let spec = CommandSpec(
        path: ["image", "prune"], usage: "image prune [OPTIONS]", summary: "Remove unused images",
        flags: [
            FlagSpec("all", short: "a", help: "Remove all unused images, not just dangling ones"),
            FlagSpec("filter", .list, valueName: "filter", help: "Provide filter values (e.g. \"until=<timestamp>\")"),
            FlagSpec("force", short: "f", help: "Do not prompt for confirmation"),
        ],
        run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let all = ctx.arguments.bool("all")
        let warning = all
            ? "WARNING! This will remove all images without at least one container associated to them."
            : "WARNING! This will remove all dangling images."
        if !ctx.arguments.bool("force") && !Confirmation.ask(ctx, warning + "\nAre you sure you want to continue?") { return 0 }
        let (text, _) = try prune(ctx, all: all, filters: try FilterOptions(parsing: ctx.arguments.list("filter")))
        ctx.stdout.write(text)
        return 0
    }

    public static func prune(_ ctx: CommandContext, all: Bool, filters: FilterOptions) throws -> (String, Int64) {
        var f = filters
        f.add("dangling", all ? "false" : "true")
        let r = try ctx.client().json("POST", "/images/prune", query: URLQuery([("filters", f.json)]))
        let reclaimed = r["SpaceReclaimed"]?.int64 ?? 0
        var out = ""
        let deleted = r["ImagesDeleted"]?.array ?? []
        if !deleted.isEmpty {
            out = "Deleted Images:\n"
            for d in deleted {
                if let u = d["Untagged"]?.string, !u.isEmpty { out += "untagged: \(u)\n" } else { out += "deleted: \(d["Deleted"]?.string ?? "")\n" }
            }
            out += "\n"
        }
        return (out + "Total reclaimed space: \(HumanUnits.size(Double(reclaimed), precision: 4))\n", reclaimed)
    }
}
