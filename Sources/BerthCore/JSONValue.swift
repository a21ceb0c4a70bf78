/// A small JSON reader for the runtime's own hot files (state.json), read by every start, kill,
/// state and delete. Foundation's JSONDecoder works through dynamic casts and type-metadata lookups
/// whose first use costs about a millisecond in each short-lived process; this parser does none.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        var parser = Parser(bytes: bytes)
        let value = try parser.value()
        parser.skipSpace()
        guard parser.index == bytes.count else { throw parser.error("trailing characters") }
        return value
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var int64: Int64? {
        if case .number(let n) = self { return Int64(n) }
        return nil
    }

    public var uint64: UInt64? {
        if case .number(let n) = self { return UInt64(n) }
        return nil
    }

    public var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// An object of strings (annotations, cgroup paths); nil if absent or of another shape.
    public var stringMap: [String: String]? {
        guard case .object(let o) = self else { return nil }
        var out: [String: String] = [:]
        for (k, v) in o {
            guard let s = v.string else { return nil }
            out[k] = s
        }
        return out
    }

    struct Parser {
        let bytes: [UInt8]
        var index = 0

        func error(_ why: String) -> BerthError {
            BerthError(.invalidConfig, "malformed JSON at offset \(index): \(why)")
        }

        mutating func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
                index += 1
            }
        }

        mutating func value() throws -> JSONValue {
            skipSpace()
            guard index < bytes.count else { throw error("unexpected end") }
            switch bytes[index] {
            case 0x7B: return try object()
            case 0x5B: return try array()
            case 0x22: return .string(try string())
            case 0x74: try literal("true"); return .bool(true)
            case 0x66: try literal("false"); return .bool(false)
            case 0x6E: try literal("null"); return .null
            default: return try number()
            }
        }

        mutating func literal(_ word: String) throws {
            let w = Array(word.utf8)
            guard index + w.count <= bytes.count, Array(bytes[index..<(index + w.count)]) == w else { throw error("expected \(word)") }
            index += w.count
        }

        mutating func number() throws -> JSONValue {
            let start = index
            while index < bytes.count, (bytes[index] >= 0x30 && bytes[index] <= 0x39) || bytes[index] == 0x2D
                || bytes[index] == 0x2B || bytes[index] == 0x2E || bytes[index] == 0x65 || bytes[index] == 0x45 {
                index += 1
            }
            guard index > start else { throw error("unexpected character") }
            return .number(String(decoding: bytes[start..<index], as: UTF8.self))
        }

        mutating func object() throws -> JSONValue {
            index += 1
            var out: [String: JSONValue] = [:]
            skipSpace()
            if index < bytes.count, bytes[index] == 0x7D { index += 1; return .object(out) }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == 0x22 else { throw error("expected a key") }
                let key = try string()
                skipSpace()
                guard index < bytes.count, bytes[index] == 0x3A else { throw error("expected ':'") }
                index += 1
                out[key] = try value()
                skipSpace()
                guard index < bytes.count else { throw error("unexpected end") }
                if bytes[index] == 0x2C { index += 1; continue }
                if bytes[index] == 0x7D { index += 1; return .object(out) }
                throw error("expected ',' or '}'")
            }
        }

        mutating func array() throws -> JSONValue {
            index += 1
            var out: [JSONValue] = []
            skipSpace()
            if index < bytes.count, bytes[index] == 0x5D { index += 1; return .array(out) }
            while true {
                out.append(try value())
                skipSpace()
                guard index < bytes.count else { throw error("unexpected end") }
                if bytes[index] == 0x2C { index += 1; continue }
                if bytes[index] == 0x5D { index += 1; return .array(out) }
                throw error("expected ',' or ']'")
            }
        }

        mutating func string() throws -> String {
            index += 1
            var out: [UInt8] = []
            while index < bytes.count {
                let c = bytes[index]
                index += 1
                if c == 0x22 { return String(decoding: out, as: UTF8.self) }
                guard c == 0x5C else { out.append(c); continue }
                guard index < bytes.count else { break }
                let e = bytes[index]
                index += 1
                switch e {
                case 0x6E: out.append(0x0A)
                case 0x74: out.append(0x09)
                case 0x72: out.append(0x0D)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x75:
                    guard index + 4 <= bytes.count, var code = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16) else {
                        throw error("bad \\u escape")
                    }
                    index += 4
                    // A surrogate pair spells one scalar.
                    if (0xD800..<0xDC00).contains(code), index + 6 <= bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75,
                       let low = UInt32(String(decoding: bytes[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16),
                       (0xDC00..<0xE000).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                    out.append(contentsOf: Array(String(Unicode.Scalar(code).map(Character.init) ?? "\u{FFFD}").utf8))
                default: out.append(e)
                }
            }
            throw error("unterminated string")
        }
    }
}
