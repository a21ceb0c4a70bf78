enum RunVerb: Verb {
    static let name = "run"
    static let usage = "[-b bundle] [-d] [--pid-file FILE] [--console-socket SOCK] [--no-pivot] ID"
    static let flags: [FlagSpec] = CreateVerb.flags + [.bool("detach", "d"), .bool("keep"), .bool("no-subreaper")]

    static func run(_ ctx: Context, _ args: ParsedArgs) throws -> Int32 {
        try ctx.runtime.run(id: try args.requireID(name), try CreateVerb.options(args), detach: args.bool("detach"))
    }
}
