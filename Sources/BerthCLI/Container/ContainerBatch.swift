/// docker's pattern for verbs over several containers (stop, kill, rm, pause…): print each name as it
/// succeeds, collect the errors, print them all at the end and exit 1.
public enum ContainerBatch {
    public static func run(_ ctx: CommandContext, _ names: [String], _ body: (String) throws -> Void) throws -> Int32 {
        var errors: [String] = []
        for name in names {
            do {
                try body(name)
                ctx.stdout.write(name + "\n")
            } catch let e as EngineAPIError {
                errors.append(e.description)
            } catch let e as CLIError {
                errors.append(String(e.stderrText.dropLast(e.stderrText.hasSuffix("\n") ? 1 : 0)))
            }
        }
        guard errors.isEmpty else { throw CLIError.message(errors.joined(separator: "\n"), status: 1) }
        return 0
    }

    /// `/containers/<name>` with the name escaped for the path.
    public static func path(_ name: String, _ suffix: String = "") -> String {
        "/containers/\(URLQuery.escapePath(name))\(suffix)"
    }

    /// A request whose reply body is ignored (204/304 answers).
    public static func post(_ client: EngineClient, _ path: String, query: URLQuery = URLQuery()) throws {
        let r = try client.request("POST", path, query: query)
        _ = try? r.readAll()
        r.close()
    }
}
