/// The embedded resolver's decision for one query, kept free of I/O so every rule is unit-testable.
/// Mirrors Docker's resolver: names in the scope answer locally, everything else goes upstream.
enum DNSResolver {
    static let ttl: UInt32 = 600
    /// RFC 1035's UDP limit; a client without EDNS cannot take more, so longer answers are truncated (TC).
    static let classicUDPLimit = 512

    static func resolve(_ query: [UInt8], scope: DNSScope?, overUDP: Bool) -> DNSResolution {
        guard let header = DNSHeader(bytes: query), !header.isResponse else { return .drop }
        guard header.opcode == 0 else {
            return .reply(reply(to: header, question: nil, in: query, code: DNSResponseCode.notImplemented))
        }
        guard header.questionCount == 1,
              let message = try? DNSMessage(parsing: query, questionsOnly: true),
              let question = message.questions.first else {
            return .reply(reply(to: header, question: nil, in: query, code: DNSResponseCode.formatError))
        }
        let questionBytes = message.questionBytes
        guard let scope else {
            return .reply(reply(to: header, question: questionBytes, in: query, code: DNSResponseCode.refused))
        }
        if let answers = localAnswers(for: question, in: scope) {
            return .reply(reply(to: header, question: questionBytes, in: query, code: DNSResponseCode.noError,
                                answers: answers, authoritative: true,
                                sizeLimit: overUDP ? classicUDPLimit : Int(UInt16.max)))
        }
        guard !scope.upstreams.isEmpty else {
            return .reply(reply(to: header, question: questionBytes, in: query, code: DNSResponseCode.serverFailure))
        }
        return .forward(scope.upstreams)
    }

    /// Nil when the scope knows nothing about the question and it must be forwarded.
    static func localAnswers(for question: DNSQuestion, in scope: DNSScope) -> [(type: UInt16, data: [UInt8])]? {
        guard question.recordClass == DNSRecordType.classIN || question.recordClass == DNSRecordType.any else {
            return nil
        }
        let key = question.lookupKey
        switch question.type {
        case DNSRecordType.a, DNSRecordType.any:
            guard let addresses = scope.records[key], !addresses.isEmpty else { return nil }
            // Shuffled like Docker, so clients that take the first address spread over replicas.
            return addresses.shuffled().map { (DNSRecordType.a, $0.bytes) }
        case DNSRecordType.aaaa:
            // Known name, no IPv6 record: an empty NOERROR makes clients use the A answer right away
            // instead of waiting on an upstream that cannot know the name.
            return scope.records[key] == nil ? nil : []
        case DNSRecordType.ptr:
            guard let address = reverseAddress(key), let name = bestName(for: address, in: scope) else { return nil }
            var data: [UInt8] = []
            guard (try? DNSName.encode(name, into: &data)) != nil else { return nil }
            return [(DNSRecordType.ptr, data)]
        default:
            return nil
        }
    }

    /// "4.3.2.1.in-addr.arpa" -> 1.2.3.4.
    static func reverseAddress(_ name: String) -> IPv4Address? {
        let suffix = ".in-addr.arpa"
        guard name.hasSuffix(suffix) else { return nil }
        let octets = name.dropLast(suffix.count).split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        return IPv4Address(octets.reversed().joined(separator: "."))
    }

    /// Several names map to one address (container name, name.network, aliases). Prefer the plain
    /// container name (no dot), then the shortest, then alphabetical, so the answer is stable.
    static func bestName(for address: IPv4Address, in scope: DNSScope) -> String? {
        scope.records.filter { $0.value.contains(address) }.keys.min { lhs, rhs in
            let lhsDotted = lhs.contains("."), rhsDotted = rhs.contains(".")
            if lhsDotted != rhsDotted { return !lhsDotted }
            if lhs.count != rhs.count { return lhs.count < rhs.count }
            return lhs < rhs
        }
    }

    /// A reply echoing the query's id, opcode, RD and question bytes (case preserved). Answer owner
    /// names are a pointer to the question name at offset 12.
    static func reply(to header: DNSHeader, question: Range<Int>?, in query: [UInt8], code: UInt8,
                      answers: [(type: UInt16, data: [UInt8])] = [], authoritative: Bool = false,
                      sizeLimit: Int = Int(UInt16.max)) -> [UInt8] {
        var body: [UInt8] = []
        var included = 0
        var truncated = false
        var bytes: [UInt8] = []
        if let question { body.append(contentsOf: query[question]) }
        for answer in answers {
            var record: [UInt8] = [0xc0, 0x0c]
            for word in [answer.type, DNSRecordType.classIN, UInt16(ttl >> 16), UInt16(ttl & 0xffff),
                         UInt16(answer.data.count)] {
                record.append(UInt8(word >> 8))
                record.append(UInt8(word & 0xff))
            }
            record.append(contentsOf: answer.data)
            guard DNSHeader.size + body.count + record.count <= sizeLimit else {
                truncated = true
                break
            }
            body.append(contentsOf: record)
            included += 1
        }
        var flags = DNSHeader.responseFlags(to: header.flags, code: code, authoritative: authoritative)
        if truncated { flags |= 0x0200 }
        DNSHeader(id: header.id, flags: flags, questionCount: question == nil ? 0 : 1,
                  answerCount: UInt16(included)).encode(into: &bytes)
        bytes.append(contentsOf: body)
        return bytes
    }

    /// SERVFAIL for a query whose forwarding failed; nil if the query cannot be answered at all.
    static func serverFailure(for query: [UInt8]) -> [UInt8]? {
        guard let header = DNSHeader(bytes: query) else { return nil }
        let question = (try? DNSMessage(parsing: query, questionsOnly: true))?.questionBytes
        return reply(to: header, question: question, in: query, code: DNSResponseCode.serverFailure)
    }
}
