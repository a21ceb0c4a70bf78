/// A content digest as OCI writes it: `algorithm:encoded`. Only sha256 and sha512 are accepted, and the
/// encoded part must be lowercase hex of the right length, so a digest can be used as a file name safely.
public struct Digest: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let algorithm: String
    public let encoded: String

    public init(parsing text: String) throws {
        guard let colon = text.firstIndex(of: ":") else {
            throw BerthError(.invalidArgument, "invalid digest \"\(text)\": missing algorithm")
        }
        let algorithm = String(text[..<colon])
        let encoded = String(text[text.index(after: colon)...])
        let expectedLength: Int
        switch algorithm {
        case "sha256": expectedLength = 64
        case "sha512": expectedLength = 128
        default: throw BerthError(.invalidArgument, "invalid digest \"\(text)\": unsupported algorithm \"\(algorithm)\"")
        }
        guard encoded.utf8.count == expectedLength,
              encoded.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
        else {
            throw BerthError(.invalidArgument, "invalid digest \"\(text)\": expected \(expectedLength) lowercase hex characters")
        }
        self.algorithm = algorithm
        self.encoded = encoded
    }

    /// For digests computed locally (the hex is known to be well formed).
    public init(sha256Hex: String) {
        algorithm = "sha256"
        encoded = sha256Hex
    }

    public var description: String { "\(algorithm):\(encoded)" }

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.description < rhs.description }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
