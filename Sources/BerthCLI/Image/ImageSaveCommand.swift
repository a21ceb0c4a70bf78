/// `berth save`: GET /images/get?names=…, a tar to -o FILE or stdout (never to a terminal).
public enum ImageSaveCommand {
    public static let spec = CommandSpec(
        path: ["image", "save"], aliases: [["save"]], usage: "image save [OPTIONS] IMAGE [IMAGE...]",
        summary: "Save one or more images to a tar archive (streamed to STDOUT by default)",
        flags: [
            FlagSpec("output", short: "o", .string, help: "Write to a file, instead of STDOUT"),
            FlagSpec("platform", .string, help: "Save only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")"),
        ],
        arguments: .atLeast(1), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let output = ctx.arguments.string("output") ?? ""
        if output.isEmpty && ctx.stdout.isTerminal {
            throw CLIError.message("cowardly refusing to save to a terminal. Use the -o flag or redirect", status: 1)
        }
        var q = URLQuery()
        for n in ctx.positional { q.add("names", n) }
        if let p = ctx.arguments.string("platform"), !p.isEmpty { q.add("platform", p) }
        let r = try ctx.client().request("GET", "/images/get", query: q)
        defer { r.close() }
        try TarOutput.copy(r, to: output, ctx: ctx)
        return 0
    }
}
