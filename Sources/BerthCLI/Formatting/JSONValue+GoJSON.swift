import BerthCore

extension JSONValue {
    /// Go's json.Marshal of a generic value (`interface{}`): object keys sorted, `<>&` escaped, numbers
    /// kept as written. Used to write back files the CLI only partly understands (config.json).
    func goJSON() -> String {
        var out = ""
        writeGoJSON(into: &out)
        return out
    }

    func writeGoJSON(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): GoJSON.writeString(s, into: &out, escapeHTML: true)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.writeGoJSON(into: &out)
            }
            out += "]"
        case .object(let fields):
            JSONValue.writeObject(fields.keys.sorted().map { ($0, fields[$0] ?? .null) }, into: &out)
        }
    }

    /// An object with its members in the given order (Go structs marshal in field order, maps sorted).
    static func writeObject(_ members: [(String, JSONValue)], into out: inout String) {
        out += "{"
        for (i, (key, value)) in members.enumerated() {
            if i > 0 { out += "," }
            GoJSON.writeString(key, into: &out, escapeHTML: true)
            out += ":"
            value.writeGoJSON(into: &out)
        }
        out += "}"
    }
}
