import BerthCore

/// `berth diff`: GET /containers/{id}/changes, one `C|A|D path` line each.
public enum ContainerDiffCommand {
    public static let spec = CommandSpec(
        path: ["container", "diff"], aliases: [["diff"]], usage: "container diff CONTAINER",
        summary: "Inspect changes to files or directories on a container's filesystem", arguments: .exactly(1), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let changes = try ctx.client().json("GET", ContainerBatch.path(ctx.positional[0], "/changes"))
        ctx.stdout.write(render(changes))
        return 0
    }

    public static func render(_ changes: JSONValue) -> String {
        var out = ""
        // In the daemon's order, as docker prints it.
        for c in changes.array ?? [] {
            let kind: String
            switch c["Kind"]?.int64 ?? -1 {
            case 0: kind = "C"
            case 1: kind = "A"
            case 2: kind = "D"
            default: kind = "?"
            }
            out += "\(kind) \(c["Path"]?.string ?? "")\n"
        }
        return out
    }
}
