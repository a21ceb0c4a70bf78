import Testing
@testable import BerthNetwork

/// Parsing and the resolver's decisions without sockets.
@Suite struct DNSMessageTests {
    @Test func queryRoundTripsThroughTheParser() throws {
        let query = try DNSMessage.query(id: 0x0102, name: "Redis.MyNet.", type: DNSRecordType.aaaa)
        let message = try DNSMessage(parsing: query)
        #expect(message.header.id == 0x0102 && message.header.recursionDesired && !message.header.isResponse)
        #expect(message.questions == [DNSQuestion(name: "Redis.MyNet", type: DNSRecordType.aaaa)])
        #expect(message.questions.first?.lookupKey == "redis.mynet")
    }

    @Test func malformedMessagesThrowInsteadOfCrashing() {
        let samples: [[UInt8]] = [
            [], [0, 1], [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
            [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1],
            [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x80, 0, 0, 1, 0, 1],
            [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 97, 0, 0, 1, 0, 1],
            [0, 1, 0x81, 0x80, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 9, 1],
        ]
        for sample in samples {
            #expect(throws: (any Error).self, "\(sample)") { try DNSMessage(parsing: sample) }
            _ = DNSResolver.resolve(sample, scope: DNSScope(), overUDP: true)
        }
        // Every prefix of a valid query is handled too.
        if let query = try? DNSMessage.query(id: 1, name: "a.b", type: 1) {
            for end in 0..<query.count { _ = DNSResolver.resolve(Array(query[0..<end]), scope: DNSScope(), overUDP: true) }
        }
    }

    @Test func ednsQueriesAreAnsweredWithoutTheOptRecord() throws {
        var query = try DNSMessage.query(id: 5, name: "redis", type: DNSRecordType.a)
        query[11] = 1
        query += [0, 0, 41, 0x10, 0, 0, 0, 0, 0, 0, 0]
        let scope = DNSScope(records: ["redis": [IPv4Address(10, 0, 0, 2)]])
        guard case .reply(let bytes) = DNSResolver.resolve(query, scope: scope, overUDP: true) else {
            Issue.record("expected a local reply")
            return
        }
        let reply = try DNSMessage(parsing: bytes)
        #expect(reply.header.additionalCount == 0 && reply.answers.count == 1 && reply.header.isAuthoritative)
    }

    @Test func largeAnswersAreTruncatedOverUDP() throws {
        let many = (1...60).map { IPv4Address(10, 0, 0, UInt8($0)) }
        let query = try DNSMessage.query(id: 5, name: "svc", type: DNSRecordType.a)
        let scope = DNSScope(records: ["svc": many])
        guard case .reply(let udp) = DNSResolver.resolve(query, scope: scope, overUDP: true),
              case .reply(let tcp) = DNSResolver.resolve(query, scope: scope, overUDP: false) else {
            Issue.record("expected local replies")
            return
        }
        #expect(udp.count <= 512)
        #expect(try DNSMessage(parsing: udp).header.isTruncated)
        #expect(try DNSMessage(parsing: tcp).answers.count == 60)
    }

    @Test func unknownNamesForwardOnlyWithUpstreams() throws {
        let query = try DNSMessage.query(id: 5, name: "example.com", type: DNSRecordType.a)
        let upstream = DNSUpstream(address: IPv4Address(10, 0, 0, 1))
        #expect(DNSResolver.resolve(query, scope: DNSScope(upstreams: [upstream]), overUDP: true) == .forward([upstream]))
        guard case .reply(let bytes) = DNSResolver.resolve(query, scope: DNSScope(), overUDP: true) else {
            Issue.record("expected SERVFAIL")
            return
        }
        #expect(try DNSMessage(parsing: bytes).header.responseCode == DNSResponseCode.serverFailure)
    }
}
