/// A CLI verb: where it lives (`["container", "ls"]`), its aliases (`["ps"]`, `["container", "ps"]`),
/// its flags and argument rules, and the function that runs it. Each verb file declares one
/// `static let spec` and `CommandRegistry` lists them.
public struct CommandSpec: Sendable {
    public enum Arguments: Sendable {
        case none
        case exactly(Int)
        case atLeast(Int)
        case atMost(Int)
        case range(Int, Int)
    }

    public var path: [String]
    public var aliases: [[String]]
    /// After `berth `, e.g. "ps [OPTIONS]" — printed as `Usage:  berth ps [OPTIONS]`.
    public var usage: String
    public var summary: String
    /// The longer text `--help` prints instead of the summary (docker's cobra `Long`), if any.
    public var description: String?
    public var flags: [FlagSpec]
    public var arguments: Arguments
    /// false for run/create/exec: flags end at the first positional, so `run IMG ls -l` passes `-l` on.
    public var interspersed: Bool
    public var run: @Sendable (CommandContext) throws -> Int32

    public init(path: [String], aliases: [[String]] = [], usage: String, summary: String, flags: [FlagSpec] = [],
                arguments: Arguments = .none, interspersed: Bool = true, description: String? = nil, run: @escaping @Sendable (CommandContext) throws -> Int32) {
        self.path = path
        self.aliases = aliases
        self.usage = usage
        self.summary = summary
        self.description = description
        self.flags = flags
        self.arguments = arguments
        self.interspersed = interspersed
        self.run = run
    }

    /// The name as typed in usage lines: `berth ps` when invoked as ps, `berth container ls` otherwise.
    func displayName(invokedAs: [String]) -> String {
        "\(CLIName.value) " + invokedAs.joined(separator: " ")
    }

    func checkArgumentCount(_ n: Int, invokedAs: [String]) throws {
        let name = displayName(invokedAs: invokedAs)
        let usageLine = "\(CLIName.value) " + invokedAs.joined(separator: " ") + usageSuffix
        func fail(_ msg: String, see: Bool) -> CLIError {
            .arguments("'\(name)' \(msg)", usage: usageLine, command: name, seeStyle: see)
        }
        switch arguments {
        case .none where n > 0: throw fail("accepts no arguments", see: false)
        case .exactly(let k) where n != k:
            throw fail("requires exactly \(k) \(k == 1 ? "argument" : "arguments")", see: true)
        case .atLeast(let k) where n < k: throw fail("requires at least \(k) \(k == 1 ? "argument" : "arguments")", see: true)
        case .atMost(let k) where n > k: throw fail("requires at most \(k) \(k == 1 ? "argument" : "arguments")", see: false)
        case .range(let lo, let hi) where n < lo || n > hi:
            throw fail("requires at least \(lo) and at most \(hi) arguments", see: true)
        default: return
        }
    }

    /// The part of `usage` after the command words ("[OPTIONS] CONTAINER [CONTAINER...]").
    var usageSuffix: String {
        var words = usage.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        while let first = words.first, !first.isEmpty, first.first?.isLowercase == true, !first.hasPrefix("[") { words.removeFirst() }
        return words.isEmpty ? "" : " " + words.joined(separator: " ")
    }
}
