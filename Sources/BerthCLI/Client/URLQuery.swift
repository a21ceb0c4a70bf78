/// Query strings as Go's url.Values.Encode builds them: keys sorted, values escaped with
/// QueryEscape (space → '+'), so requests match what the docker CLI sends byte for byte.
public struct URLQuery: Sendable {
    public var items: [(String, String)] = []

    public init(_ items: [(String, String)] = []) { self.items = items }

    public mutating func add(_ key: String, _ value: String) { items.append((key, value)) }

    public var isEmpty: Bool { items.isEmpty }

    public var encoded: String {
        items.enumerated().sorted { a, b in a.element.0 != b.element.0 ? a.element.0 < b.element.0 : a.offset < b.offset }
            .map { Self.escape($0.element.0) + "=" + Self.escape($0.element.1) }.joined(separator: "&")
    }

    public static func escape(_ s: String) -> String {
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
        return out
    }

    /// Path segments (names, image references) keep `:` and `/`-free text readable like Go's PathEscape.
    public static func escapePath(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E, 0x3A, 0x40, 0x2B, 0x3D, 0x24, 0x26, 0x2C, 0x3B:
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let h = String(b, radix: 16, uppercase: true)
                out += "%" + (h.count == 1 ? "0" : "") + h
            }
        }
        return out
    }
}
