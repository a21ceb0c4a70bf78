/// The function table: Go's builtins plus docker's `basicFunctions` (json, split, join, title, lower,
/// upper, pad, truncate). Docker renders table headers by running the same template over the header
/// map with `headerFunctions`, which pass their first argument through unchanged.
public enum TemplateFunctions {
    public typealias Function = ([TemplateValue]) throws -> TemplateValue

    /// Raised by a function body; the executor prefixes `error calling NAME:` as Go does.
    struct CallError: Error { var message: String }
    /// Raised for arity/type mismatches, reported without the prefix (Go checks those before calling).
    struct ArgumentError: Error { var message: String }

    /// Evaluated lazily by the executor (short-circuit), so they are only names here.
    static let specialForms: Set<String> = ["and", "or"]

    static func arity(_ name: String, _ args: [TemplateValue], _ want: Int) throws {
        guard args.count == want else { throw ArgumentError(message: "wrong number of args for \(name): want \(want) got \(args.count)") }
    }

    static func string(_ v: TemplateValue) throws -> String {
        switch v {
        case .string(let s), .number(let s): return s
        default: throw ArgumentError(message: "wrong type for value; expected string; got \(v.goTypeName)")
        }
    }

    static func int(_ v: TemplateValue) throws -> Int {
        if case .int(let i) = v { return Int(i) }
        if case .number(let n) = v, let i = Int(n) { return i }
        throw ArgumentError(message: "wrong type for value; expected int; got \(v.goTypeName)")
    }

    static func strings(_ v: TemplateValue) throws -> [String] {
        guard case .array(let a) = v else { throw ArgumentError(message: "wrong type for value; expected []string; got \(v.goTypeName)") }
        return try a.map { e in
            guard case .string(let s) = e else { throw ArgumentError(message: "wrong type for value; expected []string; got \(v.goTypeName)") }
            return s
        }
    }

    public static var builtins: [String: Function] { [
        "not": { args in try arity("not", args, 1); return .bool(!args[0].isTruthy) },
        "len": { args in
            try arity("len", args, 1)
            switch args[0] {
            case .string(let s), .number(let s): return .int(Int64(s.utf8.count))
            case .array(let a): return .int(Int64(a.count))
            case .map(let m): return .int(Int64(m.count))
            default: throw CallError(message: "len of type \(args[0].goTypeName)")
            }
        },
        "index": { args in
            guard var item = args.first else { throw ArgumentError(message: "wrong number of args for index: want at least 1 got 0") }
            for key in args.dropFirst() { item = try index(item, key) }
            return item
        },
        "slice": { args in
            guard let item = args.first else { throw ArgumentError(message: "wrong number of args for slice: want at least 1 got 0") }
            let bounds = try args.dropFirst().map { try int($0) }
            guard bounds.count <= 2 else { throw CallError(message: "too many slice indexes: \(bounds.count)") }
            switch item {
            case .string(let s):
                let b = Array(s.utf8)
                let lo = bounds.first ?? 0, hi = bounds.count > 1 ? bounds[1] : b.count
                guard lo >= 0, hi >= lo, hi <= b.count else { throw CallError(message: "index out of range: \(hi)") }
                return .string(String(decoding: b[lo..<hi], as: UTF8.self))
            case .array(let a):
                let lo = bounds.first ?? 0, hi = bounds.count > 1 ? bounds[1] : a.count
                guard lo >= 0, hi >= lo, hi <= a.count else { throw CallError(message: "index out of range: \(hi)") }
                return .array(Array(a[lo..<hi]))
            default: throw CallError(message: "can't slice item of type \(item.goTypeName)")
            }
        },
        "print": { args in .string(GoFormat.sprint(args)) },
        "println": { args in .string(GoFormat.sprintln(args)) },
        "printf": { args in
            guard let f = args.first else { throw ArgumentError(message: "wrong number of args for printf: want at least 1 got 0") }
            return .string(GoFormat.sprintf(try string(f), Array(args.dropFirst())))
        },
        "eq": { args in
            guard args.count >= 2 else { throw CallError(message: "missing argument for comparison") }
            for other in args.dropFirst() where try TemplateComparison.equal(args[0], other) { return .bool(true) }
            return .bool(false)
        },
        "ne": { args in try arity("ne", args, 2); return .bool(!(try TemplateComparison.equal(args[0], args[1]))) },
        "lt": { args in try arity("lt", args, 2); return .bool(try TemplateComparison.less(args[0], args[1])) },
        "le": { args in
            try arity("le", args, 2)
            return .bool(try TemplateComparison.less(args[0], args[1]) || TemplateComparison.equal(args[0], args[1]))
        },
        "gt": { args in
            try arity("gt", args, 2)
            return .bool(!(try TemplateComparison.less(args[0], args[1]) || TemplateComparison.equal(args[0], args[1])))
        },
        "ge": { args in try arity("ge", args, 2); return .bool(!(try TemplateComparison.less(args[0], args[1]))) },
        "html": { args in
            var s = GoFormat.sprint(args)
            for (a, b) in [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\"", "&#34;"), ("'", "&#39;")] { s = s.replacingAll(a, b) }
            return .string(s)
        },
        "urlquery": { args in
            let s = GoFormat.sprint(args)
            var out = ""
            for b in s.utf8 {
                switch b {
                case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E: out.unicodeScalars.append(Unicode.Scalar(b))
                case 0x20: out += "+"
                default:
                    let h = String(b, radix: 16, uppercase: true)
                    out += "%" + (h.count == 1 ? "0" : "") + h
                }
            }
            return .string(out)
        },
        // docker/cli templates.basicFunctions
        "json": { args in try arity("json", args, 1); return .string(GoJSON.encode(args[0])) },
        "split": { args in
            try arity("split", args, 2)
            return .array(try string(args[0]).goSplit(try string(args[1])).map { .string($0) })
        },
        "join": { args in try arity("join", args, 2); return .string(try strings(args[0]).joined(separator: try string(args[1]))) },
        "title": { args in try arity("title", args, 1); return .string(try string(args[0]).goTitle()) },
        "lower": { args in try arity("lower", args, 1); return .string(try string(args[0]).lowercased()) },
        "upper": { args in try arity("upper", args, 1); return .string(try string(args[0]).uppercased()) },
        "pad": { args in
            try arity("pad", args, 3)
            let s = try string(args[0])
            guard !s.isEmpty else { return .string(s) }
            return .string(String(repeating: " ", count: max(0, try int(args[1]))) + s + String(repeating: " ", count: max(0, try int(args[2]))))
        },
        "truncate": { args in
            try arity("truncate", args, 2)
            let s = try string(args[0])
            let n = try int(args[1])
            let bytes = Array(s.utf8)
            guard bytes.count >= n, n >= 0 else { return .string(s) }
            return .string(String(decoding: bytes[0..<n], as: UTF8.self))
        },
    ] }

    /// docker/cli templates.HeaderFunctions: the header row runs the user's template over a map of
    /// column titles, so formatting functions must leave the titles alone.
    public static var headerFunctions: [String: Function] {
        var f = builtins
        for name in ["json", "title", "lower", "upper"] {
            f[name] = { args in try arity(name, args, 1); return args[0] }
        }
        for name in ["split", "join", "truncate"] {
            f[name] = { args in try arity(name, args, 2); return args[0] }
        }
        return f
    }

    static func index(_ item: TemplateValue, _ key: TemplateValue) throws -> TemplateValue {
        switch item {
        case .array(let a):
            guard let i = key.integerValue else { throw CallError(message: "cannot index slice/array with type \(key.goTypeName)") }
            guard i >= 0, i < a.count else { throw CallError(message: "index out of range: \(i)") }
            return a[Int(i)]
        case .string(let s):
            guard let i = key.integerValue else { throw CallError(message: "cannot index slice/array with type \(key.goTypeName)") }
            let b = Array(s.utf8)
            guard i >= 0, i < b.count else { throw CallError(message: "index out of range: \(i)") }
            return .int(Int64(b[Int(i)]))
        case .map(let m):
            guard case .string(let k) = key else { throw CallError(message: "value has type \(key.goTypeName); should be string") }
            return m[k] ?? TemplateExecutor.zeroValue(in: m)
        case .record(let r):
            guard case .string(let k) = key, let v = r.fields[k] else { throw CallError(message: "can't index item of type \(r.typeName)") }
            return v
        case .none, .null:
            throw CallError(message: "index of untyped nil")
        default:
            throw CallError(message: "can't index item of type \(item.goTypeName)")
        }
    }
}

extension String {
    /// strings.Split: an empty separator splits into characters; an empty string gives [""].
    func goSplit(_ sep: String) -> [String] {
        if sep.isEmpty { return unicodeScalars.map { String($0) } }
        let s = Array(utf8), p = Array(sep.utf8)
        var out: [String] = []
        var start = 0, i = 0
        while i + p.count <= s.count {
            if Array(s[i..<(i + p.count)]) == p {
                out.append(String(decoding: s[start..<i], as: UTF8.self))
                i += p.count
                start = i
            } else {
                i += 1
            }
        }
        out.append(String(decoding: s[start...], as: UTF8.self))
        return out
    }

    /// strings.Title: upper-cases the first letter of each word (words split at non-letters).
    func goTitle() -> String {
        var out = ""
        var previousIsSeparator = true
        for ch in self {
            if previousIsSeparator { out += ch.uppercased() } else { out.append(ch) }
            previousIsSeparator = !(ch.isLetter || ch.isNumber || ch == "_" || ch == "'")
        }
        return out
    }

    func replacingAll(_ target: String, _ replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return goSplit(target).joined(separator: replacement)
    }
}
