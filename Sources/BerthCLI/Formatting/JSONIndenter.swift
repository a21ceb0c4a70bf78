/// Go's json.Indent over raw bytes: the daemon's field order and string escapes are kept, only
/// whitespace changes. `docker inspect` prints the daemon's JSON this way with four-space indents.
public enum JSONIndenter {
    public static func indent(_ src: [UInt8], indent: String = "    ", prefix: String = "") -> String {
        var out: [UInt8] = []
        let ind = Array(indent.utf8)
        var depth = 0
        var inString = false
        var escaped = false
        var needIndent = false
        func newline() {
            out.append(0x0A)
            out.append(contentsOf: Array(prefix.utf8))
            for _ in 0..<depth { out.append(contentsOf: ind) }
        }
        for c in src {
            if inString {
                out.append(c)
                if escaped { escaped = false } else if c == 0x5C { escaped = true } else if c == 0x22 { inString = false }
                continue
            }
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { continue }
            if needIndent && c != 0x5D && c != 0x7D {
                needIndent = false
                depth += 1
                newline()
            }
            switch c {
            case 0x22:
                inString = true
                out.append(c)
            case 0x7B, 0x5B:
                out.append(c)
                needIndent = true
            case 0x2C:
                out.append(c)
                newline()
            case 0x3A:
                out.append(c)
                out.append(0x20)
            case 0x7D, 0x5D:
                if needIndent {
                    // An empty object or array stays compact: {} and [].
                    needIndent = false
                } else {
                    depth -= 1
                    newline()
                }
                out.append(c)
            default:
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
