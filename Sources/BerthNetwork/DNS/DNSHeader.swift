/// The fixed 12-byte header of a DNS message (RFC 1035 4.1.1).
public struct DNSHeader: Sendable, Equatable {
    public static let size = 12

    public var id: UInt16
    public var flags: UInt16
    public var questionCount: UInt16
    public var answerCount: UInt16
    public var authorityCount: UInt16
    public var additionalCount: UInt16

    public init(id: UInt16, flags: UInt16, questionCount: UInt16 = 0, answerCount: UInt16 = 0,
                authorityCount: UInt16 = 0, additionalCount: UInt16 = 0) {
        self.id = id
        self.flags = flags
        self.questionCount = questionCount
        self.answerCount = answerCount
        self.authorityCount = authorityCount
        self.additionalCount = additionalCount
    }

    /// Nil when fewer than 12 bytes arrived: such a packet carries no id to answer to, so it is dropped.
    public init?(bytes: some RandomAccessCollection<UInt8>) {
        guard bytes.count >= Self.size else { return nil }
        let start = bytes.startIndex
        func word(_ offset: Int) -> UInt16 {
            UInt16(bytes[bytes.index(start, offsetBy: offset)]) << 8
                | UInt16(bytes[bytes.index(start, offsetBy: offset + 1)])
        }
        self.init(id: word(0), flags: word(2), questionCount: word(4), answerCount: word(6),
                  authorityCount: word(8), additionalCount: word(10))
    }

    public var isResponse: Bool { flags & 0x8000 != 0 }
    public var opcode: UInt8 { UInt8(flags >> 11 & 0xf) }
    public var isAuthoritative: Bool { flags & 0x0400 != 0 }
    public var isTruncated: Bool { flags & 0x0200 != 0 }
    public var recursionDesired: Bool { flags & 0x0100 != 0 }
    public var recursionAvailable: Bool { flags & 0x0080 != 0 }
    public var responseCode: UInt8 { UInt8(flags & 0xf) }

    /// The flags of a reply to a query carrying `queryFlags`: QR and RA set, opcode and RD echoed.
    public static func responseFlags(to queryFlags: UInt16, code: UInt8, authoritative: Bool) -> UInt16 {
        var flags: UInt16 = 0x8000 | 0x0080 | (queryFlags & 0x7800) | (queryFlags & 0x0100)
        if authoritative { flags |= 0x0400 }
        return flags | UInt16(code & 0xf)
    }

    public func encode(into bytes: inout [UInt8]) {
        for word in [id, flags, questionCount, answerCount, authorityCount, additionalCount] {
            bytes.append(UInt8(word >> 8))
            bytes.append(UInt8(word & 0xff))
        }
    }
}
