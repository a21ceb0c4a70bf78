import BerthCore

/// The shared body of `inspect` commands (docker's inspect.Inspect): fetch each object, then print
/// either one JSON array (the daemon's bytes re-indented with four spaces, field order kept) or one
/// template result per object. Objects not found are reported after the found ones, status 1.
public enum Inspector {
    /// Fetches the raw JSON of one object, or the daemon's 404 message.
    public enum Found {
        case object([UInt8])
        case missing(daemonMessage: String)
    }

    public typealias Fetch = (String) throws -> Found

    /// `notFound(name, daemonMessage)` words the error for a missing object.
    public static func run(_ ctx: CommandContext, names: [String], format: String?, notFound: (String, String) -> String,
                           fetch: Fetch) throws -> Int32 {
        var template: GoTemplate?
        if let format, !format.isEmpty, format != "json" {
            do {
                var t = try GoTemplate(parsing: format)
                t.strictMissingKeys = true
                template = t
            } catch let e as TemplateError {
                throw CLIError.message("template parsing error: \(e.message)", status: 64)
            }
        }
        var raws: [[UInt8]] = []
        var errors: [String] = []
        for name in names {
            switch try fetch(name) {
            case .object(let raw): raws.append(raw)
            case .missing(let message): errors.append(notFound(name, message))
            }
        }
        if let template {
            var out = ""
            for raw in raws {
                let value = TemplateValue(json: try JSONValue.parse(raw))
                do { out += try template.execute(value) + "\n" } catch let e as TemplateError {
                    // docker still ends the failed object's line before reporting.
                    ctx.stdout.write(out + "\n")
                    throw CLIError.message("template parsing error: \(e.message)", status: 1)
                }
            }
            ctx.stdout.write(out)
        } else if !raws.isEmpty || errors.isEmpty {
            let joined = Array("[".utf8) + raws.enumerated().flatMap { i, r in (i > 0 ? [UInt8(ascii: ",")] : []) + r } + Array("]".utf8)
            ctx.stdout.write(JSONIndenter.indent(joined) + "\n")
        } else {
            ctx.stdout.write("[]\n")
        }
        guard errors.isEmpty else { throw CLIError.message(errors.joined(separator: "\n"), status: 1) }
        return 0
    }

    /// GET that turns a 404 into `.missing`.
    public static func fetch(_ client: EngineClient, _ path: String, query: URLQuery = URLQuery()) throws -> Found {
        do {
            return .object(try client.bytes("GET", path, query: query))
        } catch let e as EngineAPIError where e.isNotFound {
            return .missing(daemonMessage: e.message)
        }
    }
}
