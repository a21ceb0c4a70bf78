/// `berth volume rm VOLUME...`: DELETE /volumes/{name}[?force=1] for each, printing each name as it
/// goes; the failures are printed together at the end with status 1, as docker does.
public enum VolumeRemoveCommand {
    public static let spec = CommandSpec(
        path: ["volume", "rm"], aliases: [["volume", "remove"]], usage: "volume rm [OPTIONS] VOLUME [VOLUME...]",
        summary: "Remove one or more volumes",
        flags: [FlagSpec("force", short: "f", help: "Force the removal of one or more volumes")],
        arguments: .atLeast(1),
        description: "Remove one or more volumes. You cannot remove a volume that is in use by a container.",
        run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let client = try ctx.client()
        var q = URLQuery()
        // The Go client sends force only when set, as "1".
        if ctx.arguments.bool("force") { q.add("force", "1") }
        return try ContainerBatch.run(ctx, ctx.positional) { name in
            let r = try client.request("DELETE", "/volumes/\(URLQuery.escapePath(name))", query: q)
            _ = try? r.readAll()
            r.close()
        }
    }
}
