import BerthCore
#if canImport(Glibc)
import Glibc
#endif

/// `berth stats`: one sample per container (`stats?stream=0`) with --no-stream, otherwise a table
/// redrawn every half second from `stats?stream=1` streams. Without arguments it covers the running
/// containers (all with -a) from GET /containers/json.
public enum ContainerStatsCommand {
    public static let spec = CommandSpec(
        path: ["container", "stats"], aliases: [["stats"]], usage: "container stats [OPTIONS] [CONTAINER...]",
        summary: "Display a live stream of container(s) resource usage statistics",
        flags: [
            FlagSpec("all", short: "a", help: "Show all containers (default shows just running)"),
            FlagSpec.format(),
            FlagSpec("no-stream", help: "Disable streaming stats and only pull the first result"),
            FlagSpec("no-trunc", help: "Do not truncate output"),
        ],
        arguments: .atLeast(0), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let a = ctx.arguments
        let client = try ctx.client()
        var names = ctx.positional
        if names.isEmpty {
            var q = URLQuery()
            if a.bool("all") { q.add("all", "1") }
            // docker 28.2 tracks listed containers by their short ID (what {{.Container}} prints).
            names = (try client.json("GET", "/containers/json", query: q).array ?? []).compactMap { c in
                c["Id"]?.string.map { String($0.prefix(12)) }
            }
        }
        let format = a.string("format") ?? ""
        let truncate = !a.bool("no-trunc")
        if a.bool("no-stream") {
            var entries: [StatsEntry] = []
            var errors: [String] = []
            for name in names {
                do {
                    let sample = try client.json("GET", ContainerBatch.path(name, "/stats"), query: URLQuery([("stream", "0")]))
                    entries.append(StatsEntry(container: name, sample: sample))
                } catch let e as EngineAPIError {
                    if ctx.positional.isEmpty {
                        var invalid = StatsEntry(container: name)
                        invalid.isInvalid = true
                        entries.append(invalid)
                    } else {
                        errors.append(e.description)
                    }
                }
            }
            guard errors.isEmpty else { throw CLIError.message(errors.joined(separator: "\n"), status: 1) }
            if entries.isEmpty { return 0 }
            ctx.stdout.write(try StatsContext.render(entries, format: format, truncate: truncate))
            return 0
        }
        let board = StatsBoard(names)
        for name in names { try board.follow(client, name) }
        while !board.allReceived { usleep(20_000) }
        while true {
            usleep(500_000)
            ctx.stdout.write(frame(try StatsContext.render(board.snapshot, format: format, truncate: truncate)))
        }
    }

    /// One redraw exactly as docker 28.2 writes it: cursor home and the table, then (docker reuses its
    /// buffer) every line of both again with an erase-to-end-of-line, and an erase-below at the end.
    public static func frame(_ table: String) -> String {
        let first = "\u{1B}[H" + table
        var out = first
        for line in first.split(separator: "\n", omittingEmptySubsequences: false) {
            out += line + " \u{1B}[K\n"
        }
        return out + "\u{1B}[J"
    }
}
