/// Go's encoding/json output for template values, as docker's `json` template function produces it
/// (an Encoder with SetEscapeHTML(false): `<>&` stay literal, but U+2028/U+2029 are still escaped).
/// Map keys are sorted; records keep their field order like Go structs.
enum GoJSON {
    static func encode(_ v: TemplateValue, escapeHTML: Bool = false) -> String {
        var out = ""
        write(v, into: &out, escapeHTML: escapeHTML)
        return out
    }

    static func write(_ v: TemplateValue, into out: inout String, escapeHTML: Bool) {
        switch v {
        case .none, .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .float(let f): out += GoFloat.json(f)
        case .number(let n): out += n.isEmpty ? "0" : n
        case .string(let s): writeString(s, into: &out, escapeHTML: escapeHTML)
        case .array(let a):
            out += "["
            for (i, e) in a.enumerated() {
                if i > 0 { out += "," }
                write(e, into: &out, escapeHTML: escapeHTML)
            }
            out += "]"
        case .map(let m):
            out += "{"
            for (i, k) in m.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                writeString(k, into: &out, escapeHTML: escapeHTML)
                out += ":"
                write(m[k] ?? .null, into: &out, escapeHTML: escapeHTML)
            }
            out += "}"
        case .record(let r):
            let escapeHTML = escapeHTML || r.marshalEscapesHTML
            out += "{"
            for (i, k) in r.fieldNames.enumerated() {
                if i > 0 { out += "," }
                writeString(k, into: &out, escapeHTML: escapeHTML)
                out += ":"
                write(r.fields[k] ?? .null, into: &out, escapeHTML: escapeHTML)
            }
            out += "}"
        }
    }

    static func writeString(_ s: String, into out: inout String, escapeHTML: Bool) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "<", ">", "&":
                if escapeHTML { out += unicodeEscape(scalar.value) } else { out.unicodeScalars.append(scalar) }
            case "\u{2028}", "\u{2029}": out += unicodeEscape(scalar.value)
            default:
                if scalar.value < 0x20 { out += unicodeEscape(scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        out += "\""
    }

    private static func unicodeEscape(_ v: UInt32) -> String {
        let h = String(v, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - h.count)) + h
    }
}
