import BerthCore

/// `berth push NAME[:TAG]`: POST /images/{familiar name}/push?tag=<tag> (no tag with -a, `latest` when
/// none is given) with X-Registry-Auth, which the daemon requires: the stored credentials of the
/// image's registry, or `e30=`. The daemon's stream ("The push refers to repository [...]", layer
/// progress, the digest line) goes to stdout; -q prints only the pushed reference.
public enum ImagePushCommand {
    public static let spec = CommandSpec(
        path: ["image", "push"], aliases: [["push"]], usage: "image push [OPTIONS] NAME[:TAG]",
        summary: "Upload an image to a registry",
        flags: [
            FlagSpec("all-tags", short: "a", help: "Push all tags of an image to the repository"),
            FlagSpec("disable-content-trust", defaultValue: "true", help: "Skip image signing"),
            FlagSpec("platform", .string, help: "Push a platform-specific manifest as a single-platform image to the registry.\nImage index won't be pushed, meaning that other manifests, including attestations won't be preserved.\n'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)"),
            FlagSpec("quiet", short: "q", help: "Suppress verbose output"),
        ],
        arguments: .exactly(1), run: run)

    static let platformNote = "Using --platform pushes only the specified platform manifest of a multi-platform image index.\nOther components, like attestations, will not be included.\nTo push the complete multi-platform image, remove the --platform flag.\n"

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let a = ctx.arguments
        let name = ctx.positional[0]
        let all = a.bool("all-tags"), quiet = a.bool("quiet")
        var platform: PlatformSpecifier?
        if let text = a.string("platform"), !text.isEmpty {
            do {
                platform = try PlatformSpecifier(parsing: text)
            } catch {
                // docker prints this prefix without a newline before the parse error.
                ctx.stderr.write("Invalid platform \(text)")
                throw error
            }
            ctx.stdout.write(InfoNote.text(platformNote))
        }
        if let error = ImageReference.validationError(name) { throw CLIError.message(error, status: 1) }
        var ref = ImageReference(name, defaultTag: "")
        if all && !ref.tag.isEmpty { throw CLIError.message("tag can't be used with --all-tags/-a", status: 1) }
        if !all && ref.tag.isEmpty {
            ref.tag = "latest"
            if !quiet { ctx.stdout.write("Using default tag: latest\n") }
        }
        let config = DockerConfigFile.load(ctx)
        let auth = RegistryAuthHeader.value(forImage: ref.repository, in: config)
        if ref.isDigest { throw CLIError.message("cannot push a digest reference", status: 1) }
        var q = URLQuery()
        if !all { q.add("tag", ref.tag) }
        let client = try ctx.client()
        if let platform {
            if EngineClient.compareVersions(client.apiVersion, "1.46") < 0 {
                throw CLIError.message("\"platform\" requires API version 1.46, but the Berth daemon API version is \(client.apiVersion)", status: 1)
            }
            q.add("platform", platform.json)
        }
        let familiarName = ImageContext.familiar(ref.repository)
        let path = "/images/" + familiarName.split(separator: "/").map { URLQuery.escapePath(String($0)) }.joined(separator: "/") + "/push"
        // docker always sends a body (`{}`): older daemons misread a bodyless push's auth.
        let r = try client.request("POST", path, query: q, body: .json(Array("{}\n".utf8)), headers: [(RegistryAuthHeader.name, auth)])
        defer { r.close() }
        var renderer = JSONMessageRenderer(out: ctx.stdout)
        renderer.quiet = quiet
        var failure: Error?
        do { try renderer.renderStream(r) } catch let e as JSONMessageRenderer.StreamError {
            failure = CLIError.message(e.message, status: 1)
        }
        // Notes from aux messages come after the stream, error or not, as docker's deferred print does.
        for aux in renderer.aux { if let text = auxNote(aux) { ctx.stdout.write(InfoNote.text(text)) } }
        if let failure { throw failure }
        if quiet { ctx.stdout.write(ImagePullCommand.fullName(ref, allTags: all) + "\n") }
        return 0
    }

    /// push.go's handleAux: a note when the daemon pushed one platform's manifest instead of the index,
    /// or found the index's content missing.
    static func auxNote(_ aux: JSONValue) -> String? {
        if aux["manifestPushedInsteadOfIndex"]?.bool == true {
            let original = aux["originalIndex"]?["digest"]?.string ?? ""
            let selected = aux["selectedManifest"]?["digest"]?.string ?? ""
            return "Not all multiplatform-content is present and only the available single-platform image was pushed\n\(original) -> \(selected)"
        }
        if aux["contentMissing"]?.bool == true {
            return "You're trying to push a manifest list/index which \n\t\t\t\treferences multiple platform specific manifests, but not all of them are available locally\n\t\t\t\tor available to the remote repository.\n\n\t\t\t\tMake sure you have all the referenced content and try again.\n\n\t\t\t\tYou can also push only a single platform specific manifest directly by specifying the platform you want to push with the --platform flag."
        }
        return nil
    }
}
