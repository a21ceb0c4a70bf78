import BerthCore

/// The data a Go template walks. It mirrors what Go's reflection sees in docker's types: JSON numbers
/// stay verbatim (docker decodes with `UseNumber`), maps print with sorted keys, and records stand in for
/// Go structs (ordered fields plus methods such as the ps context's `.Label "key"`).
public indirect enum TemplateValue {
    /// Go's invalid value (a missing map key, a nil interface): prints as `<no value>`.
    case none
    /// A typed nil (nil pointer, JSON null): prints as `<nil>`.
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    /// A JSON number kept as its literal text, like Go's `json.Number`.
    case number(String)
    case string(String)
    case array([TemplateValue])
    case map([String: TemplateValue])
    case record(TemplateRecord)

    public init(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let n): self = .number(n)
        case .string(let s): self = .string(s)
        case .array(let a): self = .array(a.map(TemplateValue.init(json:)))
        case .object(let o): self = .map(o.mapValues(TemplateValue.init(json:)))
        }
    }

    public init(_ s: String) { self = .string(s) }
    public init(_ i: Int) { self = .int(Int64(i)) }
    public init(_ b: Bool) { self = .bool(b) }
    public init(strings: [String]) { self = .array(strings.map { .string($0) }) }
    public init(stringMap: [String: String]) { self = .map(stringMap.mapValues { .string($0) }) }

    /// Go's `truth`: the rule `if`, `with`, `and`, `or` and `not` use.
    public var isTruthy: Bool {
        switch self {
        case .none, .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let f): return f != 0
        case .number(let n): return !n.isEmpty
        case .string(let s): return !s.isEmpty
        case .array(let a): return !a.isEmpty
        case .map(let m): return !m.isEmpty
        case .record: return true
        }
    }

    /// The Go type name used in error messages (`wrong type for value; expected string; got int`).
    public var goTypeName: String {
        switch self {
        case .none: return "<nil>"
        case .null: return "<nil>"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float64"
        case .number: return "json.Number"
        case .string: return "string"
        case .array: return "[]interface {}"
        case .map: return "map[string]interface {}"
        case .record(let r): return r.typeName
        }
    }

    /// A number as a Double, for comparisons that mix json.Number with literals.
    var numericValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .float(let f): return f
        case .number(let n): return Double(n)
        default: return nil
        }
    }

    /// A number as an integer (ints, and json.Number literals without a fraction).
    var integerValue: Int64? {
        switch self {
        case .int(let i): return i
        case .number(let n): return Int64(n)
        default: return nil
        }
    }

    /// What `{{.}}` prints for this value (text/template's printValue, i.e. fmt's %v).
    public var goString: String {
        if case .none = self { return "<no value>" }
        return GoFormat.value(self)
    }
}
