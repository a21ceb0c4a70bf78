/// pflag-compatible parsing of one command's arguments: combined shorthands (`-itd`), attached values
/// (`-n3`, `-fname=x`, `--format=x`), `--flag value`, `--bool=false`, repeatable flags, `--` and, for
/// non-interspersed commands, stopping at the first positional.
public enum ArgumentParser {
    public static func parse(_ args: [String], flags: [FlagSpec], interspersed: Bool,
                             usage: String, command: String) throws -> ParsedArguments {
        var result = ParsedArguments()
        var byLong: [String: FlagSpec] = [:]
        var byShort: [Character: FlagSpec] = [:]
        for f in flags + [FlagSpec("help", short: nil, help: "Print usage")] {
            byLong[f.long] = f
            if let s = f.short { byShort[s] = f }
        }
        result.specs = byLong
        func fail(_ msg: String) -> CLIError { .flag(msg, usage: usage, command: command) }

        var i = 0
        while i < args.count {
            let arg = args[i]
            i += 1
            if arg == "--" {
                result.positional.append(contentsOf: args[i...])
                break
            }
            if arg.hasPrefix("--") {
                let body = arg.dropFirst(2)
                let name: String
                var value: String?
                if let eq = body.firstIndex(of: "=") {
                    name = String(body[..<eq])
                    value = String(body[body.index(after: eq)...])
                } else {
                    name = String(body)
                }
                guard let spec = byLong[name] else { throw fail("unknown flag: --\(name)") }
                if spec.kind == .bool {
                    if let v = value, ParsedArguments.parseBool(v) == nil {
                        throw fail("invalid argument \"\(v)\" for \"--\(name)\" flag: strconv.ParseBool: parsing \"\(v)\": invalid syntax")
                    }
                    result.values[name, default: []].append(value ?? "true")
                    continue
                }
                if value == nil {
                    guard i < args.count else { throw fail("flag needs an argument: --\(name)") }
                    value = args[i]
                    i += 1
                }
                try store(spec, value ?? "", flagText: "--\(name)", into: &result, fail: fail)
                continue
            }
            if arg.hasPrefix("-") && arg.count > 1 {
                let chars = Array(arg.dropFirst())
                var j = 0
                while j < chars.count {
                    let c = chars[j]
                    guard let spec = byShort[c] else {
                        if c == "h" { result.values["help"] = ["true"]; j += 1; continue }
                        throw fail("unknown shorthand flag: '\(c)' in \(arg)")
                    }
                    if spec.kind == .bool {
                        // `-a=false` is accepted by pflag.
                        if j + 1 < chars.count, chars[j + 1] == "=" {
                            result.values[spec.long, default: []].append(String(chars[(j + 2)...]))
                            j = chars.count
                        } else {
                            result.values[spec.long, default: []].append("true")
                            j += 1
                        }
                        continue
                    }
                    var value: String
                    if j + 1 < chars.count {
                        var rest = chars[(j + 1)...]
                        if rest.first == "=" { rest = rest.dropFirst() }
                        value = String(rest)
                    } else {
                        guard i < args.count else { throw fail("flag needs an argument: '\(c)' in \(arg)") }
                        value = args[i]
                        i += 1
                    }
                    try store(spec, value, flagText: "-\(c)", into: &result, fail: fail)
                    break
                }
                continue
            }
            result.positional.append(arg)
            if !interspersed {
                result.positional.append(contentsOf: args[i...])
                break
            }
        }
        return result
    }

    private static func store(_ spec: FlagSpec, _ value: String, flagText: String, into result: inout ParsedArguments,
                              fail: (String) -> CLIError) throws {
        if spec.kind == .int, Int(value) == nil {
            let shown = spec.short.map { "-\($0), --\(spec.long)" } ?? "--\(spec.long)"
            throw fail("invalid argument \"\(value)\" for \"\(shown)\" flag: strconv.ParseInt: parsing \"\(value)\": invalid syntax")
        }
        result.values[spec.long, default: []].append(value)
    }
}
