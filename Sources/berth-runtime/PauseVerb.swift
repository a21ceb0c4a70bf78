enum PauseVerb: Verb {
    static let name = "pause"
    static let usage = "ID"
    static let flags: [FlagSpec] = []

    static func run(_ ctx: Context, _ args: ParsedArgs) throws -> Int32 {
        try ctx.runtime.pause(id: try args.requireID(name))
        return 0
    }
}
