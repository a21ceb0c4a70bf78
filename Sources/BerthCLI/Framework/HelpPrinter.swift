/// docker-style `--help` text: usage, summary, aliases, then an aligned options table.
enum HelpPrinter {
    static func commandHelp(_ spec: CommandSpec, invokedAs: [String]) -> String {
        var s = "Usage:  \(CLIName.value) \(invokedAs.joined(separator: " "))\(spec.usageSuffix)\n\n\(spec.description ?? spec.summary)\n"
        let names = ([spec.path] + spec.aliases).map { "\(CLIName.value) " + $0.joined(separator: " ") }
        if names.count > 1 {
            s += "\nAliases:\n  " + names.joined(separator: ", ") + "\n"
        }
        let visible = spec.flags.filter { !$0.hidden }
        if !visible.isEmpty {
            s += "\nOptions:\n" + optionsTable(visible)
        }
        return s
    }

    /// pflag's FlagUsagesWrapped as docker calls it: usage text aligned three columns after the
    /// longest flag, wrapped to the terminal width minus one (79 when stdin is not a terminal).
    static func optionsTable(_ flags: [FlagSpec], columns: Int = HelpPrinter.columns()) -> String {
        var lefts: [String] = []
        var maxlen = 0
        for f in flags {
            var name = f.short.map { "  -\($0), --\(f.long)" } ?? "      --\(f.long)"
            if !f.valueName.isEmpty { name += " \(f.valueName)" }
            lefts.append(name)
            maxlen = max(maxlen, name.count)
        }
        var out = ""
        for (i, f) in flags.enumerated() {
            var help = f.help
            if let d = f.defaultValue, !d.isEmpty { help += f.kind == .string ? " (default \"\(d)\")" : " (default \(d))" }
            let line = lefts[i] + String(repeating: " ", count: maxlen - lefts[i].count + 3) + wrap(indent: maxlen + 3, width: columns, help)
            out += trimTrailingSpaces(line) + "\n"
        }
        return out
    }

    /// docker's wrappedFlagUsages: the width of the terminal on stdin, 80 otherwise, less one.
    static func columns() -> Int {
        (TerminalState.width(fd: 0) ?? 80) - 1
    }

    static func trimTrailingSpaces(_ s: String) -> String {
        var t = Substring(s)
        while t.last == " " { t.removeLast() }
        return String(t)
    }

    /// pflag's wrap: the first line continues the caller's, later lines are indented by `indent`.
    static func wrap(indent: Int, width: Int, _ text: String) -> String {
        var i = indent
        var room = width - i
        var result = ""
        if room < 24 {
            i = 16
            room = width - i
            result += "\n" + String(repeating: " ", count: i)
        }
        let pad = "\n" + String(repeating: " ", count: i)
        if room < 24 { return text.replacingAll("\n", pad) }
        let slop = 5
        room -= slop
        var rest = Substring(text)
        var (first, remainder) = wrapN(room, slop, rest)
        result += first.replacingAll("\n", pad)
        rest = remainder
        while !rest.isEmpty {
            (first, remainder) = wrapN(room, slop, rest)
            result += pad + first.replacingAll("\n", pad)
            rest = remainder
        }
        return result
    }

    /// Splits at the last blank before `n` bytes (or an earlier newline); keeps the whole text when it
    /// fits within `n + slop`.
    static func wrapN(_ n: Int, _ slop: Int, _ s: Substring) -> (String, Substring) {
        let bytes = Array(s.utf8)
        if n + slop > bytes.count { return (String(s), "") }
        guard let w = bytes[..<n].lastIndex(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }), w > 0 else { return (String(s), "") }
        if let nl = bytes[..<n].lastIndex(of: 0x0A), nl > 0, nl < w {
            return (String(decoding: bytes[..<nl], as: UTF8.self), Substring(String(decoding: bytes[(nl + 1)...], as: UTF8.self)))
        }
        return (String(decoding: bytes[..<w], as: UTF8.self), Substring(String(decoding: bytes[(w + 1)...], as: UTF8.self)))
    }

    static func groupHelp(_ group: String, summary: String, commands: [CommandSpec]) -> String {
        var s = "Usage:  \(CLIName.value) \(group) COMMAND\n\n\(summary)\n\nCommands:\n"
        let subs = commands.filter { $0.path.count == 2 && $0.path[0] == group }.sorted { $0.path[1] < $1.path[1] }
        // cobra pads names to max(11, longest) and adds one space.
        let width = max(11, subs.map { $0.path[1].count }.max() ?? 0) + 1
        for c in subs {
            s += "  " + c.path[1] + String(repeating: " ", count: width - c.path[1].count) + c.summary + "\n"
        }
        s += "\nRun '\(CLIName.value) \(group) COMMAND --help' for more information on a command.\n"
        return s
    }

    /// docker's "Common Commands", in its order; the rest are listed alphabetically under "Commands".
    static let commonCommands = ["run", "exec", "ps", "build", "pull", "push", "images", "login", "logout", "search", "version", "info"]

    static func topLevelHelp(_ registry: [CommandSpec]) -> String {
        var s = "Usage:  \(CLIName.value) [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n\n"
        var seen = Set<String>()
        var rows: [(String, String)] = []
        for spec in registry {
            for name in [spec.path] + spec.aliases where name.count == 1 && !seen.contains(name[0]) {
                seen.insert(name[0])
                rows.append((name[0], spec.summary))
            }
        }
        func row(_ r: (String, String)) -> String { "  " + r.0 + String(repeating: " ", count: max(2, 12 - r.0.count)) + r.1 }
        let common = commonCommands.compactMap { name in rows.first { $0.0 == name } }
        if !common.isEmpty { s += "Common Commands:\n" + common.map(row).joined(separator: "\n") + "\n\n" }
        let others = rows.filter { !commonCommands.contains($0.0) }.sorted { $0.0 < $1.0 }
        let commandsSection = "Commands:\n" + others.map(row).joined(separator: "\n") + "\n"
        s += "Management Commands:\n"
        s += CommandRegistry.groups.sorted { $0.key < $1.key }
            .map { "  " + $0.key + String(repeating: " ", count: max(2, 12 - $0.key.count)) + $0.value }.joined(separator: "\n") + "\n"
        s += "\n" + commandsSection
        s += "\nGlobal Options:\n" + optionsTable(GlobalOptions.flags)
        s += "\nRun '\(CLIName.value) COMMAND --help' for more information on a command.\n"
        return s
    }
}
