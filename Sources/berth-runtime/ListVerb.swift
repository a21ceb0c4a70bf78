import BerthCore

enum ListVerb: Verb {
    static let name = "list"
    static let usage = "[--format table|json] [-q]"
    static let flags: [FlagSpec] = [.value("format", "f"), .bool("quiet", "q")]

    static func run(_ ctx: Context, _ args: ParsedArgs) throws -> Int32 {
        let states = ctx.runtime.list()
        if args.bool("quiet") {
            for s in states { ctx.print(s.id) }
            return 0
        }
        switch args.string("format") ?? "table" {
        case "json":
            try ctx.printJSON(states, pretty: false)
        case "table":
            var rows = [["ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"]]
            for s in states {
                rows.append([s.id, String(s.pid ?? 0), s.status, s.bundle, s.created ?? "", s.owner ?? ""])
            }
            for line in TabWriter.format(rows, minWidth: 12, padding: 3) { ctx.print(line) }
        case let other:
            throw BerthError(.invalidArgument, "invalid format option \"\(other)\"")
        }
        return 0
    }
}

/// Go's text/tabwriter as runc configures it: each column is as wide as its widest cell plus
/// padding, at least minWidth; the last column is not padded.
enum TabWriter {
    static func format(_ rows: [[String]], minWidth: Int, padding: Int) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (i, cell) in row.enumerated() where i < columns - 1 {
                widths[i] = max(widths[i], max(cell.count + padding, minWidth))
            }
        }
        return rows.map { row in
            var line = ""
            for (i, cell) in row.enumerated() {
                line += cell
                if i < row.count - 1 { line += String(repeating: " ", count: max(0, widths[i] - cell.count)) }
            }
            return line
        }
    }
}
