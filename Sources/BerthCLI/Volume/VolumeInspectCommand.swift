/// `berth volume inspect VOLUME...`: GET /volumes/{name} for each, one JSON array (or one template
/// line per volume); missing volumes are reported after the found ones, status 1.
public enum VolumeInspectCommand {
    public static let spec = CommandSpec(
        path: ["volume", "inspect"], usage: "volume inspect [OPTIONS] VOLUME [VOLUME...]",
        summary: "Display detailed information on one or more volumes",
        flags: [
            FlagSpec.jsonOrTemplateFormat,
        ],
        arguments: .atLeast(1), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let client = try ctx.client()
        return try Inspector.run(ctx, names: ctx.positional, format: ctx.arguments.string("format"),
                                 notFound: { _, message in "Error response from daemon: \(message)" }) { name in
            try VolumeDocument.fetch(client, name)
        }
    }
}
