#if canImport(Glibc)
import Glibc
#endif

/// `berth load`: POST /images/load (quiet=1 unless stdout is a terminal and -q is not given) with the
/// tar (plain or compressed; the daemon detects it) from -i FILE or stdin.
public enum ImageLoadCommand {
    public static let spec = CommandSpec(
        path: ["image", "load"], aliases: [["load"]], usage: "image load [OPTIONS]",
        summary: "Load an image from a tar archive or STDIN",
        flags: [
            FlagSpec("input", short: "i", .string, help: "Read from tar archive file, instead of STDIN"),
            FlagSpec("platform", .string, help: "Load only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")"),
            FlagSpec("quiet", short: "q", help: "Suppress the load output"),
        ],
        run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let input = ctx.arguments.string("input") ?? ""
        if input.isEmpty && isatty(0) == 1 {
            throw CLIError.message("requested load from stdin, but stdin is empty", status: 1)
        }
        let fd = try InputBody.open(input)
        defer { if fd > 0 { close(fd) } }
        var q = URLQuery()
        if let p = ctx.arguments.string("platform"), !p.isEmpty { q.add("platform", p) }
        if ctx.arguments.bool("quiet") || !ctx.stdout.isTerminal { q.add("quiet", "1") }
        let r = try ctx.client().request("POST", "/images/load", query: q, body: .stream(contentType: "application/x-tar", next: InputBody.reader(fd)))
        defer { r.close() }
        var renderer = JSONMessageRenderer(out: ctx.stdout)
        do { try renderer.renderStream(r) } catch let e as JSONMessageRenderer.StreamError {
            throw CLIError.message(e.message, status: 1)
        }
        return 0
    }
}
