import BerthCore

/// `berth top CONTAINER [ps OPTIONS]`: GET /containers/{id}/top[?ps_args=…] as a tab-aligned table.
public enum ContainerTopCommand {
    public static let spec = CommandSpec(
        path: ["container", "top"], aliases: [["top"]], usage: "container top CONTAINER [ps OPTIONS]",
        summary: "Display the running processes of a container", arguments: .atLeast(1), interspersed: false, run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        var q = URLQuery()
        let psArgs = ctx.positional.dropFirst().joined(separator: " ")
        if !psArgs.isEmpty { q.add("ps_args", psArgs) }
        let top = try ctx.client().json("GET", ContainerBatch.path(ctx.positional[0], "/top"), query: q)
        ctx.stdout.write(render(top))
        return 0
    }

    /// docker's tabwriter (minwidth 20, padding 3) over Titles and Processes.
    public static func render(_ top: JSONValue) -> String {
        var text = (top["Titles"]?.array?.compactMap(\.string) ?? []).joined(separator: "\t") + "\n"
        for row in top["Processes"]?.array ?? [] {
            text += (row.array?.compactMap(\.string) ?? []).joined(separator: "\t") + "\n"
        }
        return TabWriter(minWidth: 20, padding: 3).format(text)
    }
}
