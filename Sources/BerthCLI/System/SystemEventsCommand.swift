import BerthCore

/// `berth events` / `berth system events`: streams GET /events, one line per event, in docker's
/// `TIME TYPE ACTION ID (k=v, ...)` layout or through `--format`.
public enum SystemEventsCommand {
    public static let spec = CommandSpec(
        path: ["system", "events"], aliases: [["events"]], usage: "system events [OPTIONS]",
        summary: "Get real time events from the server",
        flags: [
            FlagSpec.filter(),
            FlagSpec("format", .string, help: "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
            FlagSpec("since", .string, help: "Show all events created since timestamp"),
            FlagSpec("until", .string, help: "Stream events until this timestamp"),
        ],
        run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let a = ctx.arguments
        let filters = try FilterOptions(parsing: a.list("filter"))
        let format = a.string("format") ?? ""
        var template: GoTemplate?
        if !format.isEmpty {
            do { template = try GoTemplate(parsing: format == "json" ? "{{json .}}" : format) } catch let e as TemplateError {
                throw CLIError.message("template parsing error: \(e.message)", status: 64)
            }
        }
        let now = LocalTime.now()
        var query = URLQuery()
        if !filters.isEmpty { query.add("filters", filters.json) }
        if let since = a.string("since"), !since.isEmpty { query.add("since", try TimeArgument.timestamp(since, now: now.seconds)) }
        if let until = a.string("until"), !until.isEmpty { query.add("until", try TimeArgument.timestamp(until, now: now.seconds)) }
        let response = try ctx.client().request("GET", "/events", query: query)
        defer { response.close() }
        while let line = try response.readLine() {
            guard !line.isEmpty, let event = try? JSONValue.parse(line) else { continue }
            if let template {
                do { ctx.stdout.write(try template.execute(TemplateValue(json: event)) + "\n") } catch let e as TemplateError {
                    throw CLIError.message("template parsing error: \(e.message)", status: 1)
                }
            } else {
                ctx.stdout.write(pretty(event))
            }
        }
        return 0
    }

    /// docker's prettyPrintEvent.
    public static func pretty(_ e: JSONValue) -> String {
        var s = ""
        if let nanos = e["timeNano"]?.int64, nanos != 0 {
            s += LocalTime.rfc3339Nano(unix: nanos / 1_000_000_000, nanos: nanos % 1_000_000_000) + " "
        } else if let t = e["time"]?.int64, t != 0 {
            s += LocalTime.rfc3339Nano(unix: t, nanos: 0) + " "
        }
        s += "\(e["Type"]?.string ?? "") \(e["Action"]?.string ?? "") \(e["Actor"]?["ID"]?.string ?? "")"
        if let attrs = e["Actor"]?["Attributes"]?.stringMap, !attrs.isEmpty {
            s += " (" + attrs.keys.sorted().map { "\($0)=\(attrs[$0] ?? "")" }.joined(separator: ", ") + ")"
        }
        return s + "\n"
    }
}
