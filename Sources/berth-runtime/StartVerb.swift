enum StartVerb: Verb {
    static let name = "start"
    static let usage = "ID"
    static let flags: [FlagSpec] = []

    static func run(_ ctx: Context, _ args: ParsedArgs) throws -> Int32 {
        try ctx.runtime.start(id: try args.requireID(name))
        return 0
    }
}
