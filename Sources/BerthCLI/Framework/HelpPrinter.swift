/// docker-style `--help` text: usage, summary, aliases, then an aligned options table.
enum HelpPrinter {
    static func commandHelp(_ spec: CommandSpec, invokedAs: [String]) -> String {
        var s = "Usage:  \(CLIName.value) \(invokedAs.joined(separator: " "))\(spec.usageSuffix)\n\n\(spec.summary)\n"
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

    static func optionsTable(_ flags: [FlagSpec]) -> String {
        let left = flags.map { f -> String in
            var name = f.short.map { "  -\($0), --\(f.long)" } ?? "      --\(f.long)"
            if !f.valueName.isEmpty { name += " \(f.valueName)" }
            return name
        }
        let width = (left.map(\.count).max() ?? 0) + 3
        var out = ""
        for (i, f) in flags.enumerated() {
            var help = f.help
            if let d = f.defaultValue, !d.isEmpty { help += " (default \(d))" }
            let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
            out += left[i] + String(repeating: " ", count: width - left[i].count) + (lines.first.map(String.init) ?? "") + "\n"
            for l in lines.dropFirst() { out += String(repeating: " ", count: width) + l + "\n" }
        }
        return out
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

    static func topLevelHelp(_ registry: [CommandSpec]) -> String {
        var s = "Usage:  \(CLIName.value) [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n\nCommands:\n"
        var seen = Set<String>()
        var rows: [(String, String)] = []
        for spec in registry {
            for name in [spec.path] + spec.aliases where name.count == 1 && !seen.contains(name[0]) {
                seen.insert(name[0])
                rows.append((name[0], spec.summary))
            }
        }
        rows.sort { $0.0 < $1.0 }
        s += rows.map { "  " + $0.0 + String(repeating: " ", count: max(2, 12 - $0.0.count)) + $0.1 }.joined(separator: "\n") + "\n"
        s += "\nManagement Commands:\n"
        s += CommandRegistry.groups.sorted { $0.key < $1.key }
            .map { "  " + $0.key + String(repeating: " ", count: max(2, 12 - $0.key.count)) + $0.value }.joined(separator: "\n") + "\n"
        s += "\nGlobal Options:\n" + optionsTable(GlobalOptions.flags)
        s += "\nRun '\(CLIName.value) COMMAND --help' for more information on a command.\n"
        return s
    }
}
