import BerthCore

/// `berth rmi`: DELETE /images/{name}[?force=1][&noprune=1], printing `Untagged:`/`Deleted:` lines.
public enum ImageRemoveCommand {
    public static let spec = CommandSpec(
        path: ["image", "rm"], aliases: [["image", "remove"], ["rmi"]], usage: "image rm [OPTIONS] IMAGE [IMAGE...]",
        summary: "Remove one or more images",
        flags: [
            FlagSpec("force", short: "f", help: "Force removal of the image"),
            FlagSpec("no-prune", help: "Do not delete untagged parents"),
            FlagSpec("platform", .list, valueName: "strings", help: "Remove only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")"),
        ],
        arguments: .atLeast(1), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let client = try ctx.client()
        var q = URLQuery()
        if ctx.arguments.bool("force") { q.add("force", "1") }
        if ctx.arguments.bool("no-prune") { q.add("noprune", "1") }
        for p in ctx.arguments.list("platform") { q.add("platforms", p) }
        var errors: [String] = []
        for name in ctx.positional {
            do {
                let r = try client.json("DELETE", "/images/\(URLQuery.escapePath(name))", query: q)
                ctx.stdout.write(render(r))
            } catch let e as EngineAPIError {
                errors.append(e.description)
            }
        }
        guard errors.isEmpty else { throw CLIError.message(errors.joined(separator: "\n"), status: 1) }
        return 0
    }

    public static func render(_ items: JSONValue) -> String {
        var out = ""
        for item in items.array ?? [] {
            if let u = item["Untagged"]?.string, !u.isEmpty { out += "Untagged: \(u)\n" }
            if let d = item["Deleted"]?.string, !d.isEmpty { out += "Deleted: \(d)\n" }
        }
        return out
    }
}
