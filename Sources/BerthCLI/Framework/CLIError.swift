/// Errors that end a command, each knowing docker's wording and exit status.
public enum CLIError: Error {
    /// A flag error (`unknown flag: --foo`): message, usage line, `Run '… --help'`, status 125.
    case flag(String, usage: String, command: String)
    /// A wrong argument count: `berth: 'berth rm' requires at least 1 argument`, usage, status 1.
    case arguments(String, usage: String, command: String, seeStyle: Bool)
    /// An unknown command: `berth: unknown command: berth foo`, status 1.
    case unknownCommand(path: String, usage: String?, helpCommand: String)
    /// Anything printed as-is to stderr, with a status.
    case message(String, status: Int32)
    /// A silent exit with a status (the output was already written).
    case status(Int32)

    public var exitStatus: Int32 {
        switch self {
        case .flag: return 125
        case .arguments, .unknownCommand: return 1
        case .message(_, let s), .status(let s): return s
        }
    }

    /// The exact stderr text docker 28 prints for this error.
    public var stderrText: String {
        switch self {
        case .flag(let msg, let usage, let command):
            return "\(msg)\n\nUsage:  \(usage)\n\nRun '\(command) --help' for more information\n"
        case .arguments(let msg, let usage, let command, let seeStyle):
            return "\(CLIName.value): \(msg)\n\nUsage:  \(usage)\n\n\(seeStyle ? "See" : "Run") '\(command) --help' for more information\n"
        case .unknownCommand(let path, let usage, let helpCommand):
            var s = "\(CLIName.value): unknown command: \(path)\n\n"
            if let usage { s += "Usage:  \(usage)\n\n" }
            return s + "Run '\(helpCommand) --help' for more information\n"
        case .message(let m, _):
            return m.hasSuffix("\n") ? m : m + "\n"
        case .status:
            return ""
        }
    }
}
