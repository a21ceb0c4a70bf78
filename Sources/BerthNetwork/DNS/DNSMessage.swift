import BerthCore

/// A parsed DNS message. The server only needs the header and question; the record sections are parsed
/// too so the same code reads upstream replies and serves as the tests' client.
public struct DNSMessage: Sendable, Equatable {
    public var header: DNSHeader
    public var questions: [DNSQuestion]
    public var answers: [DNSResourceRecord]
    public var authorities: [DNSResourceRecord]
    public var additionals: [DNSResourceRecord]
    /// Byte range of the question section in the parsed bytes, so a reply can echo it verbatim
    /// (original case included, as resolvers such as glibc compare the echoed question).
    public var questionBytes: Range<Int>

    /// Parses only the header and questions when `questionsOnly` is set: a query's extra sections (an
    /// EDNS OPT record, say) are irrelevant to the answer and must not make a good query fail.
    public init(parsing bytes: [UInt8], questionsOnly: Bool = false) throws {
        guard let header = DNSHeader(bytes: bytes) else { throw DNSName.malformed("shorter than a header") }
        self.header = header
        var offset = DNSHeader.size
        var questions: [DNSQuestion] = []
        for _ in 0..<header.questionCount {
            let (name, end) = try DNSName.read(from: bytes, at: offset)
            guard end + 4 <= bytes.count else { throw DNSName.malformed("question runs past the end") }
            questions.append(DNSQuestion(name: name, type: Self.word(bytes, end), recordClass: Self.word(bytes, end + 2)))
            offset = end + 4
        }
        self.questions = questions
        questionBytes = DNSHeader.size..<offset
        guard !questionsOnly else {
            answers = []
            authorities = []
            additionals = []
            return
        }
        answers = try Self.records(count: header.answerCount, in: bytes, offset: &offset)
        authorities = try Self.records(count: header.authorityCount, in: bytes, offset: &offset)
        additionals = try Self.records(count: header.additionalCount, in: bytes, offset: &offset)
    }

    private static func records(count: UInt16, in bytes: [UInt8], offset: inout Int) throws -> [DNSResourceRecord] {
        var records: [DNSResourceRecord] = []
        for _ in 0..<count {
            let (name, end) = try DNSName.read(from: bytes, at: offset)
            guard end + 10 <= bytes.count else { throw DNSName.malformed("record header runs past the end") }
            let type = word(bytes, end)
            let recordClass = word(bytes, end + 2)
            let ttl = UInt32(word(bytes, end + 4)) << 16 | UInt32(word(bytes, end + 6))
            let length = Int(word(bytes, end + 8))
            let dataStart = end + 10
            guard dataStart + length <= bytes.count else { throw DNSName.malformed("record data runs past the end") }
            var target: String?
            // These types hold a (possibly compressed) name; 2 = NS, 5 = CNAME.
            if type == DNSRecordType.ptr || type == 2 || type == 5 {
                target = try DNSName.read(from: bytes, at: dataStart).name
            }
            records.append(DNSResourceRecord(name: name, type: type, recordClass: recordClass, ttl: ttl,
                                             data: Array(bytes[dataStart..<(dataStart + length)]), targetName: target))
            offset = dataStart + length
        }
        return records
    }

    static func word(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    /// Builds a query, for the tests and for anyone probing the server.
    public static func query(id: UInt16, name: String, type: UInt16, recursionDesired: Bool = true) throws -> [UInt8] {
        var bytes: [UInt8] = []
        DNSHeader(id: id, flags: recursionDesired ? 0x0100 : 0, questionCount: 1).encode(into: &bytes)
        try DNSName.encode(name, into: &bytes)
        for word in [type, DNSRecordType.classIN] {
            bytes.append(UInt8(word >> 8))
            bytes.append(UInt8(word & 0xff))
        }
        return bytes
    }
}
