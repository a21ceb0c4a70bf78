import BerthCore
import Glibc
import NIOPosix
import Testing
@testable import BerthNetwork

/// The embedded resolver over real sockets on 127.0.0.1: every test starts its own server on ephemeral ports.
@Suite struct DNSServerTests {
    static let redis = IPv4Address(172, 20, 0, 2)
    static let web1 = IPv4Address(172, 20, 0, 3)
    static let web2 = IPv4Address(172, 20, 0, 4)
    static let records: [String: [IPv4Address]] = [
        "redis": [redis], "redis.mynet": [redis], "cache": [redis], "web": [web1, web2],
    ]

    /// Nothing listens on port 1 of 127.0.0.2 (every test binds 127.0.0.1 only), so the kernel refuses at
    /// once over UDP (ICMP port unreachable) and TCP (RST), and no parallel test can take the port over.
    static let deadUpstream = DNSUpstream(address: IPv4Address(127, 0, 0, 2), port: 1)

    /// An upstream that answers REFUSED to everything: another embedded server with no scope set.
    static func refusingUpstream() async throws -> (EmbeddedDNSServer, DNSUpstream) {
        let server = EmbeddedDNSServer(group: MultiThreadedEventLoopGroup.singleton)
        let port = try await server.serve(scopeID: "none", host: "127.0.0.1", port: 0)
        return (server, DNSUpstream(address: IPv4Address(127, 0, 0, 1), port: UInt16(port)))
    }

    func withServer(_ scope: DNSScope?, scopeID: String = "c1",
                    _ body: (EmbeddedDNSServer, Int) async throws -> Void) async throws {
        let server = EmbeddedDNSServer(group: MultiThreadedEventLoopGroup.singleton)
        if let scope { server.setScope(scope, for: scopeID) }
        let port = try await server.serve(scopeID: scopeID, host: "127.0.0.1", port: 0)
        do {
            try await body(server, port)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    @Test func answersContainerNamesAndAliasesCaseInsensitively() async throws {
        try await withServer(DNSScope(records: Self.records)) { _, port in
            let reply = try await DNSTestClient.ask("ReDiS", id: 0xbeef, port: port)
            #expect(reply.header.id == 0xbeef)
            #expect(reply.header.isResponse && reply.header.recursionAvailable && reply.header.recursionDesired)
            #expect(reply.header.responseCode == DNSResponseCode.noError)
            #expect(reply.questions.first?.name == "ReDiS")
            #expect(reply.answers.map(\.ipv4) == [Self.redis])
            #expect(reply.answers.first?.ttl == 600)
            #expect(reply.answers.first?.name == "ReDiS")

            let alias = try await DNSTestClient.ask("cache.", port: port)
            #expect(alias.answers.map(\.ipv4) == [Self.redis])
            let qualified = try await DNSTestClient.ask("redis.MYNET", port: port)
            #expect(qualified.answers.map(\.ipv4) == [Self.redis])

            let many = try await DNSTestClient.ask("web", port: port)
            #expect(Set(many.answers.compactMap(\.ipv4)) == [Self.web1, Self.web2])
            let any = try await DNSTestClient.ask("web", type: DNSRecordType.any, port: port)
            #expect(any.answers.count == 2)
        }
    }

    @Test func aaaaForAKnownNameIsAnEmptyNoError() async throws {
        try await withServer(DNSScope(records: Self.records)) { _, port in
            let reply = try await DNSTestClient.ask("redis", type: DNSRecordType.aaaa, port: port)
            #expect(reply.header.responseCode == DNSResponseCode.noError)
            #expect(reply.answers.isEmpty)
            #expect(reply.questions.count == 1)
        }
    }

    @Test func ptrOfARecordAddressNamesTheContainer() async throws {
        try await withServer(DNSScope(records: Self.records)) { _, port in
            let reply = try await DNSTestClient.ask("2.0.20.172.in-addr.arpa", type: DNSRecordType.ptr, port: port)
            #expect(reply.header.responseCode == DNSResponseCode.noError)
            #expect(reply.answers.first?.targetName == "cache")
        }
    }

    @Test func unknownNamesAreForwardedWithTheClientsID() async throws {
        let upstream = try await DNSFakeUpstream.start()
        defer { Task { await upstream.stop() } }
        let (refusingServer, refusing) = try await DNSServerTests.refusingUpstream()
        defer { Task { await refusingServer.shutdown() } }
        try await withServer(DNSScope(records: Self.records, upstreams: [Self.deadUpstream, refusing, upstream.upstream])) { _, port in
            let reply = try await DNSTestClient.ask("example.com", id: 0x4242, port: port)
            #expect(reply.header.id == 0x4242)
            #expect(reply.answers.map(\.ipv4) == [DNSFakeUpstream.answer])
            #expect(reply.answers.first?.ttl == 42)
            #expect(reply.answers.first?.name == "example.com")

            let overTCP = try await DNSTestClient.ask("example.org", id: 0x4343, port: port, overTCP: true)
            #expect(overTCP.header.id == 0x4343)
            #expect(overTCP.answers.map(\.ipv4) == [DNSFakeUpstream.answer])

            // A known name with a type the scope cannot answer goes upstream too.
            let mx = try await DNSTestClient.ask("redis", type: 15, id: 7, port: port)
            #expect(mx.header.id == 7 && mx.answers.first?.ttl == 42)
        }
    }

    @Test func deadOrMissingUpstreamsGiveServerFailure() async throws {
        try await withServer(DNSScope(records: Self.records, upstreams: [Self.deadUpstream])) { _, port in
            let reply = try await DNSTestClient.ask("example.com", id: 9, port: port)
            #expect(reply.header.id == 9)
            #expect(reply.header.responseCode == DNSResponseCode.serverFailure)
            let overTCP = try await DNSTestClient.ask("example.com", id: 10, port: port, overTCP: true)
            #expect(overTCP.header.responseCode == DNSResponseCode.serverFailure)
        }
        try await withServer(DNSScope(records: Self.records)) { _, port in
            let reply = try await DNSTestClient.ask("example.com", port: port)
            #expect(reply.header.responseCode == DNSResponseCode.serverFailure)
        }
    }

    @Test func unknownScopeIsRefused() async throws {
        try await withServer(nil) { _, port in
            let reply = try await DNSTestClient.ask("redis", port: port)
            #expect(reply.header.responseCode == DNSResponseCode.refused)
            #expect(reply.answers.isEmpty)
        }
    }

    @Test func answersOverTCP() async throws {
        try await withServer(DNSScope(records: Self.records)) { _, port in
            let reply = try await DNSTestClient.ask("redis", id: 77, port: port, overTCP: true)
            #expect(reply.header.id == 77)
            #expect(reply.answers.map(\.ipv4) == [Self.redis])
        }
    }

    @Test func malformedPacketsDoNotKillTheServer() async throws {
        try await withServer(DNSScope(records: Self.records)) { _, port in
            // Too short to carry an id: dropped.
            #expect(try await DNSTestClient.udp([1, 2, 3], port: port, timeoutMillis: 300) == nil)
            // A header promising a question that is not there: FORMERR.
            let noQuestion: [UInt8] = [0, 5, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]
            let formerr = try #require(try await DNSTestClient.udp(noQuestion, port: port))
            #expect(try DNSMessage(parsing: formerr).header.responseCode == DNSResponseCode.formatError)
            // A compression pointer pointing at itself.
            let loop: [UInt8] = [0, 6, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1]
            let loopReply = try #require(try await DNSTestClient.udp(loop, port: port))
            #expect(try DNSMessage(parsing: loopReply).header.responseCode == DNSResponseCode.formatError)
            // A label longer than the packet, and a response sent to the server (dropped).
            _ = try await DNSTestClient.udp([0, 7, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 60, 97], port: port, timeoutMillis: 300)
            #expect(try await DNSTestClient.udp([0, 8, 0x81, 0x80, 0, 0, 0, 0, 0, 0, 0, 0], port: port,
                                                timeoutMillis: 300) == nil)
            // Garbage over TCP (a one-byte message, no id) is dropped; the listener keeps serving.
            _ = try? await DNSTestClient.tcp([0xff], port: port, timeoutSeconds: 1)

            let reply = try await DNSTestClient.ask("redis", port: port)
            #expect(reply.answers.map(\.ipv4) == [Self.redis])
            let overTCP = try await DNSTestClient.ask("redis", port: port, overTCP: true)
            #expect(overTCP.answers.map(\.ipv4) == [Self.redis])
        }
    }

    @Test func scopesAreSeparateAndUpdatesAreVisible() async throws {
        let server = EmbeddedDNSServer(group: MultiThreadedEventLoopGroup.singleton)
        server.setScope(DNSScope(records: ["redis": [Self.redis]]), for: "a")
        server.setScope(DNSScope(records: ["web": [Self.web1]]), for: "b")
        let portA = try await server.serve(scopeID: "a", host: "127.0.0.1", port: 0)
        let portB = try await server.serve(scopeID: "b", host: "127.0.0.1", port: 0)
        defer { Task { await server.shutdown() } }

        #expect(try await DNSTestClient.ask("redis", port: portA).answers.map(\.ipv4) == [Self.redis])
        #expect(try await DNSTestClient.ask("redis", port: portB).header.responseCode == DNSResponseCode.serverFailure)
        #expect(try await DNSTestClient.ask("web", port: portB).answers.map(\.ipv4) == [Self.web1])
        #expect(try await DNSTestClient.ask("web", port: portA).header.responseCode == DNSResponseCode.serverFailure)

        server.setScope(DNSScope(records: ["redis": [Self.redis], "web": [Self.web2]]), for: "a")
        #expect(try await DNSTestClient.ask("web", port: portA).answers.map(\.ipv4) == [Self.web2])
        #expect(try await DNSTestClient.ask("web", port: portB).answers.map(\.ipv4) == [Self.web1])
    }

    @Test func removeScopeClosesItsListeners() async throws {
        let server = EmbeddedDNSServer(group: MultiThreadedEventLoopGroup.singleton)
        server.setScope(DNSScope(records: Self.records), for: "gone")
        server.setScope(DNSScope(records: Self.records), for: "kept")
        let gone = try await server.serve(scopeID: "gone", host: "127.0.0.1", port: 0)
        let kept = try await server.serve(scopeID: "kept", host: "127.0.0.1", port: 0)
        defer { Task { await server.shutdown() } }
        #expect(try await DNSTestClient.ask("redis", port: gone).answers.count == 1)

        server.removeScope("gone")
        var refused = false
        for _ in 0..<50 where !refused {
            refused = DNSTestClient.tcpRefused(port: gone)
            if !refused { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(refused)
        #expect(try await DNSTestClient.udp(try DNSMessage.query(id: 1, name: "redis", type: DNSRecordType.a),
                                            port: gone, timeoutMillis: 300) == nil)
        #expect(try await DNSTestClient.ask("redis", port: kept).answers.count == 1)
    }

    @Test func servesOnAdoptedDescriptors() async throws {
        // The same port number for UDP and TCP, as on 127.0.0.11:53; retried when a parallel test holds
        // the TCP side of the ephemeral port the UDP socket got.
        var sockets: (udp: Int32, tcp: Int32, port: Int)?
        for _ in 0..<8 where sockets == nil {
            let udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            let tcp = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            try #require(udp >= 0 && tcp >= 0)
            let port = try DNSTestClient.bindLoopback(udp)
            if (try? DNSTestClient.bindLoopback(tcp, port: port)) != nil {
                sockets = (udp, tcp, port)
            } else {
                close(udp)
                close(tcp)
            }
        }
        let (udp, tcp, port) = try #require(sockets)

        let server = EmbeddedDNSServer(group: MultiThreadedEventLoopGroup.singleton)
        server.setScope(DNSScope(records: Self.records), for: "adopted")
        try await server.serve(scopeID: "adopted", udpDescriptor: udp, tcpDescriptor: tcp)
        defer { Task { await server.shutdown() } }

        #expect(try await DNSTestClient.ask("redis", port: port).answers.map(\.ipv4) == [Self.redis])
        #expect(try await DNSTestClient.ask("web", port: port, overTCP: true).answers.count == 2)
    }

    @Test func rejectsDescriptorsOfTheWrongKind() async throws {
        let tcp = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        try #require(tcp >= 0)
        let server = EmbeddedDNSServer(group: MultiThreadedEventLoopGroup.singleton)
        defer { Task { await server.shutdown() } }
        await #expect(throws: BerthError.self) {
            try await server.serve(scopeID: "wrong", udpDescriptor: tcp, tcpDescriptor: nil)
        }
    }

    /// Hundreds of containers share one server: listeners are channels on the shared group, not threads.
    @Test func servesManyListenersAtOnce() async throws {
        let server = EmbeddedDNSServer(group: MultiThreadedEventLoopGroup.singleton)
        defer { Task { await server.shutdown() } }
        var ports: [Int] = []
        for index in 0..<200 {
            let address = IPv4Address(10, 1, UInt8(index / 250), UInt8(index % 250 + 1))
            server.setScope(DNSScope(records: ["self": [address]]), for: "c\(index)")
            ports.append(try await server.serve(scopeID: "c\(index)", host: "127.0.0.1", port: 0))
        }
        for index in [0, 57, 123, 199] {
            let reply = try await DNSTestClient.ask("self", port: ports[index])
            #expect(reply.answers.map(\.ipv4) == [IPv4Address(10, 1, UInt8(index / 250), UInt8(index % 250 + 1))])
        }
    }

    @Test func serveAfterShutdownFails() async throws {
        let server = EmbeddedDNSServer(group: MultiThreadedEventLoopGroup.singleton)
        await server.shutdown()
        await #expect(throws: BerthError.self) {
            _ = try await server.serve(scopeID: "late", host: "127.0.0.1", port: 0)
        }
    }
}
