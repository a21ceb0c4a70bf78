import BerthLinux

enum KillVerb: Verb {
    static let name = "kill"
    static let usage = "[--all] ID [SIGNAL]"
    static let flags: [FlagSpec] = [.bool("all", "a")]

    static func run(_ ctx: Context, _ args: ParsedArgs) throws -> Int32 {
        let id = try args.requireID(name)
        let signal = try Signals.parse(args.positionals.count > 1 ? args.positionals[1] : "TERM")
        try ctx.runtime.kill(id: id, signal: signal, all: args.bool("all"))
        return 0
    }
}
