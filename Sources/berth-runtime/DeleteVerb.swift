enum DeleteVerb: Verb {
    static let name = "delete"
    static let usage = "[--force] ID"
    static let flags: [FlagSpec] = [.bool("force", "f")]

    static func run(_ ctx: Context, _ args: ParsedArgs) throws -> Int32 {
        try ctx.runtime.delete(id: try args.requireID(name), force: args.bool("force"))
        return 0
    }
}
