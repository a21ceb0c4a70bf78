/// `berth image inspect`: GET /images/{name}/json for each argument.
public enum ImageInspectCommand {
    public static let spec = CommandSpec(
        path: ["image", "inspect"], usage: "image inspect [OPTIONS] IMAGE [IMAGE...]",
        summary: "Display detailed information on one or more images",
        flags: [
            FlagSpec.jsonOrTemplateFormat,
        ],
        arguments: .atLeast(1), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let client = try ctx.client()
        return try Inspector.run(ctx, names: ctx.positional, format: ctx.arguments.string("format"),
                                 notFound: { _, message in "Error response from daemon: \(message)" }) { name in
            try Inspector.fetch(client, "/images/\(URLQuery.escapePath(name))/json")
        }
    }
}
