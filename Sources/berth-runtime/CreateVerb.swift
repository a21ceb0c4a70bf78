import BerthRuntime

enum CreateVerb: Verb {
    static let name = "create"
    static let usage = "[-b bundle] [--pid-file FILE] [--console-socket SOCK] [--no-pivot] [--preserve-fds N] ID"
    static let flags: [FlagSpec] = [
        .value("bundle", "b"), .value("pid-file"), .value("console-socket"), .bool("no-pivot"),
        .value("preserve-fds"), .bool("no-new-keyring"),
    ]

    static func options(_ args: ParsedArgs) throws -> CreateOptions {
        CreateOptions(bundle: args.string("bundle") ?? ".", pidFile: args.string("pid-file"),
                      consoleSocket: args.string("console-socket"), noPivot: args.bool("no-pivot"),
                      preserveFds: try args.int("preserve-fds") ?? 0)
    }

    static func run(_ ctx: Context, _ args: ParsedArgs) throws -> Int32 {
        try ctx.runtime.create(id: try args.requireID(name), try options(args))
        return 0
    }
}
