import BerthCore
import FoundationEssentials

/// One line of a json-file log: `{"log":"...","stream":"stdout","time":"RFC3339Nano"}` plus a newline,
/// byte for byte what moby's jsonlog.JSONLogs.MarshalJSONBuf writes (its escaping included: <, >, &
/// and U+2028/U+2029 as \u escapes, invalid UTF-8 as \ufffd).
public enum JSONLogLine {
    public static func encode(_ entry: LogEntry) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(entry.message.count + 64)
        out += Array(#"{"#.utf8)
        var first = true
        if !entry.message.isEmpty {
            first = false
            out += Array(#""log":"#.utf8)
            appendString(entry.message, to: &out)
        }
        if !first { out.append(UInt8(ascii: ",")) }
        out += Array(#""stream":"#.utf8)
        appendString(Array(entry.stream.rawValue.utf8), to: &out)
        out += Array(#","time":""#.utf8)
        out += Array(LogTime.format(entry.timestamp).utf8)
        out += Array("\"}\n".utf8)
        return out
    }

    struct Line: Decodable {
        var log: String?
        var stream: String?
        var time: String?
    }

    /// Decodes one line (without its newline); nil for a line that is not a json-file record.
    public static func decode(_ line: ArraySlice<UInt8>) -> LogEntry? {
        guard let record = try? JSONDecoder().decode(Line.self, from: Data(line)),
              let time = record.time, let timestamp = LogTime.parse(time)
        else { return nil }
        let stream = LogEntry.Stream(rawValue: record.stream ?? "stdout") ?? .stdout
        return LogEntry(stream: stream, timestamp: timestamp, message: Array((record.log ?? "").utf8))
    }

    static let hex = Array("0123456789abcdef".utf8)

    static func appendString(_ s: [UInt8], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var i = 0
        while i < s.count {
            let b = s[i]
            if b < 0x80 {
                switch b {
                case UInt8(ascii: "\\"), UInt8(ascii: "\""):
                    out += [UInt8(ascii: "\\"), b]
                case UInt8(ascii: "\n"):
                    out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case UInt8(ascii: "\r"):
                    out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case 0x20..<0x80 where b != UInt8(ascii: "<") && b != UInt8(ascii: ">") && b != UInt8(ascii: "&"):
                    out.append(b)
                default:
                    out += Array("\\u00".utf8) + [hex[Int(b >> 4)], hex[Int(b & 0xF)]]
                }
                i += 1
                continue
            }
            let (scalar, length) = decodeScalar(s, at: i)
            guard let scalar else {
                out += Array("\\ufffd".utf8)
                i += 1
                continue
            }
            if scalar.value == 0x2028 || scalar.value == 0x2029 {
                out += Array("\\u202".utf8) + [hex[Int(scalar.value & 0xF)]]
            } else {
                out += s[i..<(i + length)]
            }
            i += length
        }
        out.append(UInt8(ascii: "\""))
    }

    /// One UTF-8 scalar at `i`, or nil (length 1) if the bytes there are not valid UTF-8.
    static func decodeScalar(_ s: [UInt8], at i: Int) -> (Unicode.Scalar?, Int) {
        let b0 = s[i]
        let length: Int
        var value: UInt32
        switch b0 {
        case 0xC2...0xDF: length = 2; value = UInt32(b0 & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(b0 & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(b0 & 0x07)
        default: return (nil, 1)
        }
        guard i + length <= s.count else { return (nil, 1) }
        for k in 1..<length {
            let b = s[i + k]
            guard b & 0xC0 == 0x80 else { return (nil, 1) }
            value = value << 6 | UInt32(b & 0x3F)
        }
        // Reject overlong forms and surrogates, like Go's utf8.DecodeRune.
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return (nil, 1) }
        return (scalar, length)
    }
}
