#if canImport(Glibc)
import Glibc
#endif

/// `berth import file|URL|- [REPOSITORY[:TAG]]`: POST /images/create?fromSrc=-&repo=…&changes=…&message=…
/// with the tar as a chunked body (a URL is passed as fromSrc for the daemon to fetch).
public enum ImageImportCommand {
    public static let spec = CommandSpec(
        path: ["image", "import"], aliases: [["import"]], usage: "image import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
        summary: "Import the contents from a tarball to create a filesystem image",
        flags: [
            FlagSpec("change", short: "c", .list, help: "Apply Dockerfile instruction to the created image"),
            FlagSpec("message", short: "m", .string, help: "Set commit message for imported image"),
            FlagSpec("platform", .string, help: "Set platform if server is multi-platform capable"),
        ],
        arguments: .range(1, 2), run: run)

    public static func query(source: String, repository: String?, changes: [String], message: String?, platform: String?) -> URLQuery {
        var q = URLQuery()
        for c in changes { q.add("changes", c) }
        let isURL = source.hasPrefix("http://") || source.hasPrefix("https://")
        q.add("fromSrc", isURL ? source : "-")
        if let message, !message.isEmpty { q.add("message", message) }
        if let platform, !platform.isEmpty { q.add("platform", platform) }
        if let repository { q.add("repo", repository) }
        return q
    }

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let a = ctx.arguments
        let source = ctx.positional[0]
        let isURL = source.hasPrefix("http://") || source.hasPrefix("https://")
        let q = query(source: source, repository: ctx.positional.count > 1 ? ctx.positional[1] : nil, changes: a.list("change"),
                      message: a.string("message"), platform: a.string("platform"))
        var body = RequestBody.none
        var fd: Int32 = -1
        if !isURL {
            fd = try InputBody.open(source)
            body = .stream(contentType: "text/plain", next: InputBody.reader(fd))
        }
        defer { if fd > 0 { close(fd) } }
        let r = try ctx.client().request("POST", "/images/create", query: q, body: body)
        defer { r.close() }
        var renderer = JSONMessageRenderer(out: ctx.stdout)
        do { try renderer.renderStream(r) } catch let e as JSONMessageRenderer.StreamError {
            throw CLIError.message(e.message, status: 1)
        }
        return 0
    }
}
