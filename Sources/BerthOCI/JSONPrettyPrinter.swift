/// Re-indents compact JSON the way Go's json.MarshalIndent(v, "", "  ") does (`"key": value`),
/// which is what runc prints and what scripts diff against. FoundationEssentials' pretty printer
/// puts a space before the colon.
enum JSONPrettyPrinter {
    static func indent(_ compact: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(compact.count * 2)
        var depth = 0
        var inString = false
        var escaped = false
        var i = 0
        func newline() {
            out.append(0x0A)
            out.append(contentsOf: [UInt8](repeating: 0x20, count: depth * 2))
        }
        while i < compact.count {
            let c = compact[i]
            if inString {
                out.append(c)
                if escaped { escaped = false } else if c == 0x5C { escaped = true } else if c == 0x22 { inString = false }
                i += 1
                continue
            }
            switch c {
            case 0x22:
                inString = true
                out.append(c)
            case 0x7B, 0x5B:  // { [
                let close: UInt8 = c == 0x7B ? 0x7D : 0x5D
                if i + 1 < compact.count, compact[i + 1] == close {
                    out.append(c)
                    out.append(close)
                    i += 2
                    continue
                }
                out.append(c)
                depth += 1
                newline()
            case 0x7D, 0x5D:  // } ]
                depth -= 1
                newline()
                out.append(c)
            case 0x2C:  // ,
                out.append(c)
                newline()
            case 0x3A:  // :
                out.append(c)
                out.append(0x20)
            case 0x20, 0x0A, 0x0D, 0x09:
                break
            default:
                out.append(c)
            }
            i += 1
        }
        return out
    }
}
