import BerthCore

/// A flag a verb accepts. Go's flag package (which runc's CLI uses) takes `-name` and `--name`,
/// `--name value` and `--name=value`; flags end at the first positional argument.
struct FlagSpec {
    var names: [String]
    var takesValue: Bool

    static func bool(_ names: String...) -> FlagSpec { FlagSpec(names: names, takesValue: false) }
    static func value(_ names: String...) -> FlagSpec { FlagSpec(names: names, takesValue: true) }
}

struct ParsedArgs {
    var values: [String: [String]] = [:]
    var positionals: [String] = []

    func has(_ name: String) -> Bool { values[name] != nil }
    func string(_ name: String) -> String? { values[name]?.last }
    func strings(_ name: String) -> [String] { values[name] ?? [] }
    func bool(_ name: String) -> Bool {
        guard let v = values[name]?.last else { return false }
        return v != "false"
    }

    func int(_ name: String) throws -> Int? {
        guard let v = string(name) else { return nil }
        guard let n = Int(v) else { throw BerthError(.invalidArgument, "invalid value \"\(v)\" for flag -\(name)") }
        return n
    }

    func requireID(_ verb: String) throws -> String {
        guard let id = positionals.first, !id.isEmpty else {
            throw BerthError(.invalidArgument, "\"\(verb)\" requires a container id")
        }
        return id
    }
}

enum ArgParser {
    /// Parses `args` against `specs`; the canonical key of a flag is its first name.
    static func parse(_ args: [String], _ specs: [FlagSpec], stopAtPositional: Bool = true) throws -> ParsedArgs {
        var out = ParsedArgs()
        var i = 0
        while i < args.count {
            let arg = args[i]
            if arg == "--" {
                out.positionals += args[(i + 1)...]
                break
            }
            guard arg.hasPrefix("-"), arg.count > 1 else {
                if stopAtPositional {
                    out.positionals += args[i...]
                    break
                }
                out.positionals.append(arg)
                i += 1
                continue
            }
            var name = String(arg.drop(while: { $0 == "-" }))
            var inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard let spec = specs.first(where: { $0.names.contains(name) }) else {
                throw BerthError(.invalidArgument, "flag provided but not defined: -\(name)")
            }
            let key = spec.names[0]
            if spec.takesValue {
                if let inline {
                    out.values[key, default: []].append(inline)
                } else {
                    guard i + 1 < args.count else { throw BerthError(.invalidArgument, "flag needs an argument: -\(name)") }
                    out.values[key, default: []].append(args[i + 1])
                    i += 1
                }
            } else {
                out.values[key, default: []].append(inline ?? "true")
            }
            i += 1
        }
        return out
    }
}
