/// `berth commit CONTAINER [REPOSITORY[:TAG]]`: POST /commit with docker's query (author, changes,
/// comment, container, repo normalised, tag; pause=0 only with --pause=false); prints the new ID.
public enum ContainerCommitCommand {
    public static let spec = CommandSpec(
        path: ["container", "commit"], aliases: [["commit"]], usage: "container commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
        summary: "Create a new image from a container's changes",
        flags: [
            FlagSpec("author", short: "a", .string, help: "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")"),
            FlagSpec("change", short: "c", .list, help: "Apply Dockerfile instruction to the created image"),
            FlagSpec("message", short: "m", .string, help: "Commit message"),
            FlagSpec("pause", short: "p", defaultValue: "true", help: "Pause container during commit"),
        ],
        arguments: .range(1, 2), run: run)

    public static func query(_ a: ParsedArguments) throws -> URLQuery {
        var q = URLQuery([("author", a.string("author") ?? "")])
        for c in a.list("change") { q.add("changes", c) }
        q.add("comment", a.string("message") ?? "")
        q.add("container", a.positional[0])
        if a.positional.count > 1 {
            let ref = ImageReference(a.positional[1])
            if ref.path.contains(where: { $0.isUppercase }) { throw CLIError.message(ImageReference.lowercaseError(ref), status: 1) }
            guard !ref.isDigest else { throw CLIError.message("refusing to create a tag with a digest reference", status: 1) }
            q.add("repo", ref.repository)
            q.add("tag", ref.tag)
        } else {
            q.add("repo", "")
            q.add("tag", "")
        }
        let pause = a.isSet("pause") ? a.bool("pause") : true
        if !pause { q.add("pause", "0") }
        return q
    }

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let r = try ctx.client().json("POST", "/commit", query: try query(ctx.arguments))
        ctx.stdout.write((r["Id"]?.string ?? "") + "\n")
        return 0
    }
}
