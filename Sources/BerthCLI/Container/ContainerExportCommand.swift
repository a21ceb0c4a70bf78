/// `berth export [-o FILE] CONTAINER`: GET /containers/{id}/export, a tar to the file or stdout
/// (refused on a terminal, like docker).
public enum ContainerExportCommand {
    public static let spec = CommandSpec(
        path: ["container", "export"], aliases: [["export"]], usage: "container export [OPTIONS] CONTAINER",
        summary: "Export a container's filesystem as a tar archive",
        flags: [FlagSpec("output", short: "o", .string, help: "Write to a file, instead of STDOUT")],
        arguments: .exactly(1), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let output = ctx.arguments.string("output") ?? ""
        if output.isEmpty && ctx.stdout.isTerminal {
            throw CLIError.message("cowardly refusing to save to a terminal. Use the -o flag or redirect", status: 1)
        }
        let r = try ctx.client().request("GET", ContainerBatch.path(ctx.positional[0], "/export"))
        defer { r.close() }
        try TarOutput.copy(r, to: output, ctx: ctx)
        return 0
    }
}
