/// Writes one JSON object field by field, without an encoder. The shim answers with it: JSONEncoder
/// pulls a large amount of generic code and type metadata into every process that runs it, which
/// the shim's 1 MB budget cannot carry. The output matches what the Codable types decode.
public struct JSONObjectWriter {
    private var bytes: [UInt8] = [0x7B]
    private var empty = true

    public init() {}

    /// Leaves the field out when nil (Go's omitempty, and what synthesized Codable expects).
    public mutating func field(_ key: String, _ value: String?) {
        guard let value else { return }
        name(key)
        JSONObjectWriter.appendString(value, to: &bytes)
    }

    public mutating func field<I: BinaryInteger>(_ key: String, _ value: I?) {
        guard let value else { return }
        name(key)
        bytes += Array(String(value).utf8)
    }

    public mutating func field(_ key: String, _ value: Bool) {
        name(key)
        bytes += Array((value ? "true" : "false").utf8)
    }

    /// A field whose value is already JSON (a nested object or array).
    public mutating func field(_ key: String, json: [UInt8]) {
        name(key)
        bytes += json
    }

    public func finish() -> [UInt8] { bytes + [0x7D] }

    private mutating func name(_ key: String) {
        if !empty { bytes.append(0x2C) }
        empty = false
        JSONObjectWriter.appendString(key, to: &bytes)
        bytes.append(0x3A)
    }

    public static func appendString(_ s: String, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0..<0x20: out += [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            default: out.append(b)
            }
        }
        out.append(0x22)
    }

    /// `[a,b,c]` from already-encoded elements.
    public static func array(_ elements: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = [0x5B]
        for (i, e) in elements.enumerated() {
            if i > 0 { out.append(0x2C) }
            out += e
        }
        out.append(0x5D)
        return out
    }
}
