enum ResumeVerb: Verb {
    static let name = "resume"
    static let usage = "ID"
    static let flags: [FlagSpec] = []

    static func run(_ ctx: Context, _ args: ParsedArgs) throws -> Int32 {
        try ctx.runtime.resume(id: try args.requireID(name))
        return 0
    }
}
