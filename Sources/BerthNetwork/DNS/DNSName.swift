import BerthCore

/// Wire-format domain names (RFC 1035 3.1 and 4.1.4): reading with compression pointers, writing without.
public enum DNSName {
    static let maxWireLength = 255
    static let maxLabelLength = 63

    /// Reads the name at `offset` of `message`. Returns its presentation form (labels joined by ".", a "."
    /// or "\" inside a label escaped with "\" so such a label never matches a table key) and the offset just
    /// past the name where it started (not where a pointer led).
    public static func read(from message: [UInt8], at offset: Int) throws -> (name: String, end: Int) {
        var labels: [String] = []
        var position = offset
        var end: Int?
        var wireLength = 1
        // A pointer must point strictly before the label that holds it; that forbids loops without a jump limit.
        var lowestStart = offset
        while true {
            guard position < message.count else { throw malformed("name runs past the end") }
            let length = Int(message[position])
            switch length & 0xc0 {
            case 0x00:
                if length == 0 {
                    return (labels.joined(separator: "."), end ?? position + 1)
                }
                let labelEnd = position + 1 + length
                guard labelEnd <= message.count else { throw malformed("label runs past the end") }
                wireLength += length + 1
                guard wireLength <= maxWireLength else { throw malformed("name longer than 255 bytes") }
                labels.append(presentation(of: message[(position + 1)..<labelEnd]))
                position = labelEnd
            case 0xc0:
                guard position + 1 < message.count else { throw malformed("pointer runs past the end") }
                let target = (length & 0x3f) << 8 | Int(message[position + 1])
                if end == nil { end = position + 2 }
                guard target < lowestStart else { throw malformed("compression pointer does not point backwards") }
                lowestStart = target
                position = target
            default:
                throw malformed("reserved label type \(length >> 6)")
            }
        }
    }

    /// Encodes a presentation-form name (no escapes expected: names come from the engine's tables).
    public static func encode(_ name: String, into bytes: inout [UInt8]) throws {
        let trimmed = name.hasSuffix(".") ? String(name.dropLast()) : name
        var written = 1
        if !trimmed.isEmpty {
            for label in trimmed.split(separator: ".", omittingEmptySubsequences: false) {
                let utf8 = Array(label.utf8)
                guard !utf8.isEmpty, utf8.count <= maxLabelLength else {
                    throw BerthError(.invalidArgument, "dns name \(name) has an empty or over-long label")
                }
                written += utf8.count + 1
                guard written <= maxWireLength else {
                    throw BerthError(.invalidArgument, "dns name \(name) is longer than 255 bytes")
                }
                bytes.append(UInt8(utf8.count))
                bytes.append(contentsOf: utf8)
            }
        }
        bytes.append(0)
    }

    public static func lowercasedASCII(_ text: String) -> String {
        String(decoding: text.utf8.map { (0x41...0x5a).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    private static func presentation(of label: ArraySlice<UInt8>) -> String {
        var escaped: [UInt8] = []
        escaped.reserveCapacity(label.count)
        for byte in label {
            if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "\\") { escaped.append(UInt8(ascii: "\\")) }
            escaped.append(byte)
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    static func malformed(_ why: String) -> BerthError {
        BerthError(.invalidArgument, "malformed dns message", cause: why)
    }
}
