enum StateVerb: Verb {
    static let name = "state"
    static let usage = "ID"
    static let flags: [FlagSpec] = []

    static func run(_ ctx: Context, _ args: ParsedArgs) throws -> Int32 {
        try ctx.printJSON(try ctx.runtime.state(id: try args.requireID(name)))
        return 0
    }
}
