import BerthCore

/// `berth pull NAME[:TAG|@DIGEST]`: POST /images/create?fromImage=<docker.io/library/name>&tag=<tag or
/// digest> (no tag with -a) with the registry's stored credentials in X-Registry-Auth. The daemon's
/// progress stream goes to stdout (bars on a terminal), then the pulled reference is printed in full
/// (`docker.io/library/busybox:latest`), which is all -q prints.
public enum ImagePullCommand {
    public static let spec = CommandSpec(
        path: ["image", "pull"], aliases: [["pull"]], usage: "image pull [OPTIONS] NAME[:TAG|@DIGEST]",
        summary: "Download an image from a registry",
        flags: [
            FlagSpec("all-tags", short: "a", help: "Download all tagged images in the repository"),
            FlagSpec("disable-content-trust", defaultValue: "true", help: "Skip image verification"),
            FlagSpec("platform", .string, help: "Set platform if server is multi-platform capable"),
            FlagSpec("quiet", short: "q", help: "Suppress verbose output"),
        ],
        arguments: .exactly(1), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let a = ctx.arguments
        let name = ctx.positional[0]
        let all = a.bool("all-tags"), quiet = a.bool("quiet")
        if let error = ImageReference.validationError(name) { throw CLIError.message(error, status: 1) }
        var ref = ImageReference(name, defaultTag: "")
        if all && !ref.tag.isEmpty { throw CLIError.message("tag can't be used with --all-tags/-a", status: 1) }
        if !all && ref.tag.isEmpty {
            ref.tag = "latest"
            if !quiet { ctx.stdout.write("Using default tag: latest\n") }
        }
        let platform = a.string("platform") ?? GlobalOptions.environment("DOCKER_DEFAULT_PLATFORM")
        let config = DockerConfigFile.load(ctx)
        let auth = RegistryAuthHeader.value(forImage: ref.repository, in: config)
        let r = try request(ctx, ref, allTags: all, platform: platform, auth: auth)
        defer { r.close() }
        var renderer = JSONMessageRenderer(out: ctx.stdout)
        renderer.quiet = quiet
        do { try renderer.renderStream(r) } catch let e as JSONMessageRenderer.StreamError {
            throw CLIError.message(e.message, status: 1)
        }
        ctx.stdout.write(fullName(ref, allTags: all) + "\n")
        return 0
    }

    /// POST /images/create for a pull, as client.ImagePull builds it: the repository fully qualified,
    /// the digest in place of a tag, the platform lower-cased.
    public static func request(_ ctx: CommandContext, _ ref: ImageReference, allTags: Bool = false, platform: String?,
                               auth: String) throws -> HTTPResponse {
        var q = URLQuery([("fromImage", ref.repository)])
        if !allTags { q.add("tag", ref.tag) }
        if let platform, !platform.isEmpty { q.add("platform", platform.lowercased()) }
        return try ctx.client().request("POST", "/images/create", query: q, headers: [(RegistryAuthHeader.name, auth)])
    }

    /// reference.String of the pulled reference: `docker.io/library/busybox:latest`, `host:5000/x@sha256:…`,
    /// the bare repository for -a.
    static func fullName(_ ref: ImageReference, allTags: Bool) -> String {
        if allTags || ref.tag.isEmpty { return ref.repository }
        return ref.repository + (ref.isDigest ? "@" : ":") + ref.tag
    }
}
