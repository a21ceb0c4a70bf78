/// Go's fmt package over template values: `%v` printing (what `{{.}}` shows), `print`/`println` and
/// `printf` with the verbs docker users write (%s %d %v %q %x %f %e %g %t %c and width/precision/flags).
/// Mismatches render the way Go does (`%!d(string=x)`, `%!s(MISSING)`, `%!(EXTRA string=b)`), since
/// users recognise those from docker.
enum GoFormat {
    /// `%v`, with nested nil printing as `<nil>` the way fmt does inside maps and slices.
    static func value(_ v: TemplateValue) -> String {
        switch v {
        case .none, .null: return "<nil>"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let f): return GoFloat.shortestG(f)
        case .number(let n): return n
        case .string(let s): return s
        case .array(let a): return "[" + a.map(value).joined(separator: " ") + "]"
        case .map(let m):
            return "map[" + m.keys.sorted().map { "\($0):\(value(m[$0] ?? .null))" }.joined(separator: " ") + "]"
        case .record(let r):
            return "{" + r.fieldNames.map { value(r.fields[$0] ?? .null) }.joined(separator: " ") + "}"
        }
    }

    private static func isStringKind(_ v: TemplateValue) -> Bool {
        switch v {
        case .string, .number: return true
        default: return false
        }
    }

    /// fmt.Sprint: spaces only between operands when neither is a string.
    static func sprint(_ args: [TemplateValue]) -> String {
        var out = ""
        for (i, a) in args.enumerated() {
            if i > 0 && !isStringKind(a) && !isStringKind(args[i - 1]) { out += " " }
            out += value(a)
        }
        return out
    }

    /// fmt.Sprintln: always spaces, then a newline.
    static func sprintln(_ args: [TemplateValue]) -> String {
        args.map(value).joined(separator: " ") + "\n"
    }

    struct Spec {
        var minus = false, plus = false, sharp = false, space = false, zero = false
        var width: Int?
        var precision: Int?
        var verb: Character = "v"
    }

    static func sprintf(_ format: String, _ args: [TemplateValue]) -> String {
        var out = ""
        var argIndex = 0
        let chars = Array(format)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            guard c == "%" else { out.append(c); i += 1; continue }
            i += 1
            guard i < chars.count else { out += "%!(NOVERB)"; break }
            var spec = Spec()
            flags: while i < chars.count {
                switch chars[i] {
                case "-": spec.minus = true
                case "+": spec.plus = true
                case "#": spec.sharp = true
                case " ": spec.space = true
                case "0": spec.zero = true
                default: break flags
                }
                i += 1
            }
            var digits = ""
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { digits.append(chars[i]); i += 1 }
            if !digits.isEmpty { spec.width = Int(digits) }
            if i < chars.count, chars[i] == "." {
                i += 1
                var p = ""
                while i < chars.count, chars[i].isASCII, chars[i].isNumber { p.append(chars[i]); i += 1 }
                spec.precision = Int(p) ?? 0
            }
            guard i < chars.count else { out += "%!(NOVERB)"; break }
            spec.verb = chars[i]
            i += 1
            if spec.verb == "%" { out += "%"; continue }
            guard argIndex < args.count else { out += "%!\(spec.verb)(MISSING)"; continue }
            out += formatOne(args[argIndex], spec)
            argIndex += 1
        }
        if argIndex < args.count {
            out += "%!(EXTRA " + args[argIndex...].map { "\($0.goTypeName)=\(value($0))" }.joined(separator: ", ") + ")"
        }
        return out
    }

    private static func bad(_ v: TemplateValue, _ spec: Spec) -> String {
        if case .none = v { return "%!\(spec.verb)(<nil>)" }
        if case .null = v { return "%!\(spec.verb)(<nil>)" }
        return "%!\(spec.verb)(\(v.goTypeName)=\(value(v)))"
    }

    static func formatOne(_ v: TemplateValue, _ spec: Spec) -> String {
        switch spec.verb {
        case "v":
            if case .float(let f) = v { return pad(signed(GoFloat.shortestG(f), spec), spec, numeric: true) }
            if case .int(let n) = v { return pad(signed(String(n), spec), spec, numeric: true) }
            if case .string(let s) = v { return pad(truncate(s, spec.precision), spec, numeric: false) }
            return pad(value(v), spec, numeric: false)
        case "s":
            switch v {
            case .string(let s), .number(let s): return pad(truncate(s, spec.precision), spec, numeric: false)
            case .array(let a): return "[" + a.map { formatOne($0, spec) }.joined(separator: " ") + "]"
            default: return bad(v, spec)
            }
        case "q":
            switch v {
            case .string(let s), .number(let s): return pad(quote(truncate(s, spec.precision)), spec, numeric: false)
            case .int(let n): return pad(quoteRune(n), spec, numeric: false)
            case .array(let a): return "[" + a.map { formatOne($0, spec) }.joined(separator: " ") + "]"
            default: return bad(v, spec)
            }
        case "d", "x", "X", "o", "b", "c", "U":
            if case .array(let a) = v { return "[" + a.map { formatOne($0, spec) }.joined(separator: " ") + "]" }
            if case .string(let s) = v, spec.verb == "x" || spec.verb == "X" {
                let hex = s.utf8.map { byte -> String in
                    let h = String(byte, radix: 16, uppercase: spec.verb == "X")
                    return h.count == 1 ? "0" + h : h
                }.joined()
                return pad(hex, spec, numeric: false)
            }
            guard let n = v.integerValue else { return bad(v, spec) }
            switch spec.verb {
            case "d": return pad(signed(String(n), spec), spec, numeric: true)
            case "x": return pad(signed((n < 0 ? "-" : "") + (spec.sharp ? "0x" : "") + String(n.magnitude, radix: 16), spec), spec, numeric: true)
            case "X": return pad(signed((n < 0 ? "-" : "") + (spec.sharp ? "0X" : "") + String(n.magnitude, radix: 16, uppercase: true), spec), spec, numeric: true)
            case "o": return pad(signed((n < 0 ? "-" : "") + (spec.sharp ? "0" : "") + String(n.magnitude, radix: 8), spec), spec, numeric: true)
            case "b": return pad(signed((n < 0 ? "-" : "") + String(n.magnitude, radix: 2), spec), spec, numeric: true)
            case "c":
                guard let scalar = Unicode.Scalar(UInt32(truncatingIfNeeded: n)) else { return "\u{FFFD}" }
                return pad(String(Character(scalar)), spec, numeric: false)
            default:
                var hex = String(n, radix: 16, uppercase: true)
                while hex.count < 4 { hex = "0" + hex }
                return pad("U+" + hex, spec, numeric: false)
            }
        case "t":
            guard case .bool(let b) = v else { return bad(v, spec) }
            return pad(b ? "true" : "false", spec, numeric: false)
        case "f", "F", "e", "E", "g", "G":
            let f: Double
            switch v {
            case .float(let d): f = d
            case .number(let n): guard let d = Double(n) else { return bad(v, spec) }; f = d
            case .array(let a): return "[" + a.map { formatOne($0, spec) }.joined(separator: " ") + "]"
            default: return bad(v, spec)
            }
            var body: String
            if (spec.verb == "g" || spec.verb == "G") && spec.precision == nil {
                body = GoFloat.shortestG(f)
                if spec.verb == "G" { body = body.uppercased() }
            } else {
                let verb = spec.verb == "F" ? "f" : String(spec.verb)
                body = GoFloat.cFormat("%.\(spec.precision ?? 6)\(verb)", f)
            }
            return pad(signed(body, spec), spec, numeric: true)
        default:
            return bad(v, spec)
        }
    }

    private static func truncate(_ s: String, _ precision: Int?) -> String {
        guard let p = precision, s.unicodeScalars.count > p else { return s }
        return String(String.UnicodeScalarView(s.unicodeScalars.prefix(p)))
    }

    private static func signed(_ s: String, _ spec: Spec) -> String {
        guard !s.hasPrefix("-") else { return s }
        if spec.plus { return "+" + s }
        if spec.space { return " " + s }
        return s
    }

    /// Width padding counts runes like Go; `0` pads numbers after their sign.
    private static func pad(_ s: String, _ spec: Spec, numeric: Bool) -> String {
        guard let width = spec.width else { return s }
        let n = s.unicodeScalars.count
        guard n < width else { return s }
        let fill = width - n
        if spec.minus { return s + String(repeating: " ", count: fill) }
        if spec.zero && numeric {
            if let first = s.first, first == "-" || first == "+" || first == " " {
                return String(first) + String(repeating: "0", count: fill) + s.dropFirst()
            }
            return String(repeating: "0", count: fill) + s
        }
        return String(repeating: " ", count: fill) + s
    }

    /// strconv.Quote.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            out += escape(scalar, quote: "\"")
        }
        return out + "\""
    }

    static func quoteRune(_ n: Int64) -> String {
        guard let scalar = Unicode.Scalar(UInt32(truncatingIfNeeded: n)) else { return "'\\ufffd'" }
        return "'" + escape(scalar, quote: "'") + "'"
    }

    private static func escape(_ scalar: Unicode.Scalar, quote: Character) -> String {
        switch scalar {
        case "\\": return "\\\\"
        case "\u{07}": return "\\a"
        case "\u{08}": return "\\b"
        case "\u{0C}": return "\\f"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case "\u{0B}": return "\\v"
        default: break
        }
        if Character(scalar) == quote { return "\\" + String(quote) }
        let v = scalar.value
        if v < 0x20 || v == 0x7F {
            let h = String(v, radix: 16)
            return "\\x" + (h.count == 1 ? "0" : "") + h
        }
        if v >= 0x80 && (v < 0xA0 || scalar.properties.generalCategory == .format) {
            let h = String(v, radix: 16)
            return "\\u" + String(repeating: "0", count: max(0, 4 - h.count)) + h
        }
        return String(scalar)
    }
}
