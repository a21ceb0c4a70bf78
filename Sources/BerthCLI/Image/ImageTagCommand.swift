/// `berth tag SOURCE TARGET`: POST /images/{source}/tag?repo=<normalised>&tag=… (201).
public enum ImageTagCommand {
    public static let spec = CommandSpec(
        path: ["image", "tag"], aliases: [["tag"]], usage: "image tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
        summary: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE", arguments: .exactly(2), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        if let error = ImageReference.parseError(ctx.positional[1]) { throw CLIError.message(error, status: 1) }
        let target = ImageReference(ctx.positional[1])
        guard !target.isDigest else { throw CLIError.message("Error response from daemon: refusing to create a tag with a digest reference", status: 1) }
        let q = URLQuery([("repo", target.repository), ("tag", target.tag)])
        try ContainerBatch.post(try ctx.client(), "/images/\(URLQuery.escapePath(ctx.positional[0]))/tag", query: q)
        return 0
    }
}
