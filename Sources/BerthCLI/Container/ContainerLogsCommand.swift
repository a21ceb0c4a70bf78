/// `berth logs`: inspect (to learn Tty), then GET /containers/{id}/logs, demultiplexed unless Tty.
public enum ContainerLogsCommand {
    public static let spec = CommandSpec(
        path: ["container", "logs"], aliases: [["logs"]], usage: "container logs [OPTIONS] CONTAINER",
        summary: "Fetch the logs of a container",
        flags: [
            FlagSpec("details", help: "Show extra details provided to logs"),
            FlagSpec("follow", short: "f", help: "Follow log output"),
            FlagSpec("since", .string, help: "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"),
            FlagSpec("tail", short: "n", .string, defaultValue: "all", help: "Number of lines to show from the end of the logs"),
            FlagSpec("timestamps", short: "t", help: "Show timestamps"),
            FlagSpec("until", .string, help: "Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"),
        ],
        arguments: .exactly(1), run: run)

    public static func query(_ a: ParsedArguments, now: Int64) throws -> URLQuery {
        var q = URLQuery([("stderr", "1"), ("stdout", "1")])
        if a.bool("details") { q.add("details", "1") }
        if a.bool("follow") { q.add("follow", "1") }
        if let s = a.string("since"), !s.isEmpty { q.add("since", try TimeArgument.timestamp(s, now: now)) }
        q.add("tail", a.string("tail") ?? "all")
        if a.bool("timestamps") { q.add("timestamps", "1") }
        if let u = a.string("until"), !u.isEmpty { q.add("until", try TimeArgument.timestamp(u, now: now)) }
        return q
    }

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let client = try ctx.client()
        let info = try client.json("GET", ContainerBatch.path(ctx.positional[0], "/json"))
        let id = info["Id"]?.string ?? ctx.positional[0]
        let q = try query(ctx.arguments, now: LocalTime.now().seconds)
        let r = try client.request("GET", ContainerBatch.path(id, "/logs"), query: q)
        defer { r.close() }
        if info["Config"]?["Tty"]?.bool == true {
            while let chunk = try r.readChunk() { ctx.stdout.write(chunk) }
        } else if let error = try StreamDemultiplexer.copy(from: { try r.readChunk() ?? [] }, stdout: ctx.stdout, stderr: ctx.stderr) {
            throw CLIError.message(error, status: 1)
        }
        return 0
    }
}
