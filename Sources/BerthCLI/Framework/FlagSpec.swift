/// One command-line flag, pflag-style: a long name, an optional one-letter shorthand, and a kind.
/// Repeatable flags (`-e A -e B`, `--filter`, `-p`) collect every occurrence in order.
public struct FlagSpec: Sendable {
    public enum Kind: Sendable {
        case bool
        case string
        case int
        /// Repeatable: `-e A -e B` → ["A", "B"].
        case list
    }

    public var long: String
    public var short: Character?
    public var kind: Kind
    /// Shown in help after the flag name (`--format string`, `-f, --filter filter`).
    public var valueName: String
    public var help: String
    public var defaultValue: String?
    public var hidden: Bool

    public init(_ long: String, short: Character? = nil, _ kind: Kind = .bool, valueName: String? = nil,
                defaultValue: String? = nil, hidden: Bool = false, help: String) {
        self.long = long
        self.short = short
        self.kind = kind
        self.help = help
        self.defaultValue = defaultValue
        self.hidden = hidden
        switch kind {
        case .bool: self.valueName = valueName ?? ""
        case .string: self.valueName = valueName ?? "string"
        case .int: self.valueName = valueName ?? "int"
        case .list: self.valueName = valueName ?? "list"
        }
    }

    /// The `--format` flag every listing command shares, with docker's wording.
    public static func format(table: Bool = true) -> FlagSpec {
        FlagSpec("format", .string, help: table
            ? "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"
            : "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates")
    }

    public static func filter() -> FlagSpec {
        FlagSpec("filter", short: "f", .list, valueName: "filter", help: "Filter output based on conditions provided")
    }
}
