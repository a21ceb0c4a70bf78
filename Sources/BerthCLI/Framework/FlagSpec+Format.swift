extension FlagSpec {
    /// `-f, --format` of the inspect-like commands (inspect, info, version): JSON or a Go template, no table.
    static let jsonOrTemplateFormat = FlagSpec("format", short: "f", .string, help: "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates")
}
