import BerthCore
import BerthHTTPServer
import Foundation
import Testing

/// Socket files, TCP, shutdown.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ListenerTests {
    @Test func socketIsGroupReadableAndWritableOnly() async throws {
        try await withTestServer(Router()) { _, socket in
            var info = stat()
            #expect(stat(socket, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o660)
            #expect(info.st_mode & S_IFMT == S_IFSOCK)
        }
    }

    @Test func aLiveSocketIsRefusedAndAStaleOneReplaced() async throws {
        try await withTestServer(Router()) { _, socket in
            let second = HTTPServer(configuration: HTTPServerConfiguration(unixSocketPath: socket), router: Router())
            let error = try await #require(throws: BerthError.self) { try await second.start() }
            #expect(error.message.contains("in use"))
            // The first server still answers.
            #expect(try await curl(socket, "/_ping").body == "OK")
        }

        // A socket file nobody listens on, as a killed daemon leaves it.
        let stale = uniqueSocketPath()
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in stale.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        close(fd)
        #expect(FileManager.default.fileExists(atPath: stale))
        let server = HTTPServer(configuration: HTTPServerConfiguration(unixSocketPath: stale), router: Router())
        try await server.start()
        #expect(try await curl(stale, "/_ping").body == "OK")
        await server.shutdown()
        #expect(!FileManager.default.fileExists(atPath: stale))
    }

    @Test func aRegularFileIsNotReplaced() async throws {
        let path = uniqueSocketPath()
        _ = FileManager.default.createFile(atPath: path, contents: Data("keep".utf8))
        defer { unlink(path) }
        let server = HTTPServer(configuration: HTTPServerConfiguration(unixSocketPath: path), router: Router())
        await #expect(throws: BerthError.self) { try await server.start() }
        #expect((try? String(contentsOfFile: path, encoding: .utf8)) == "keep")
    }

    @Test func tcpListenerOnLoopback() async throws {
        var configuration = HTTPServerConfiguration(tcpAddress: HTTPServerConfiguration.TCPAddress("tcp://127.0.0.1:0"))
        configuration.shutdownGracePeriod = .seconds(1)
        let server = HTTPServer(configuration: configuration, router: Router())
        try await server.start()
        let port = try #require(server.tcpPort)
        let result = try await run(curlPath, ["-sS", "--max-time", "10", "http://127.0.0.1:\(port)/v1.50/_ping"])
        await server.shutdown()
        #expect(result.stdout == "OK")
        #expect(HTTPServerConfiguration.TCPAddress("tcp://0.0.0.0:2375") == .init(host: "0.0.0.0", port: 2375))
        #expect(HTTPServerConfiguration.TCPAddress("127.0.0.1:2375") == .init(host: "127.0.0.1", port: 2375))
        #expect(HTTPServerConfiguration.TCPAddress("tcp://[::1]:2375") == .init(host: "::1", port: 2375))
        #expect(HTTPServerConfiguration.TCPAddress("unix:///x") == nil)
        #expect(HTTPServerConfiguration.TCPAddress("tcp://host:99999") == nil)
    }

    @Test func shutdownClosesIdleConnectionsAndFinishesBusyOnes() async throws {
        let path = uniqueSocketPath()
        var router = Router()
        try router.post("/slow") { _ in
            // Long enough to be still running when shutdown begins, even on a loaded machine.
            try await Task.sleep(for: .seconds(2))
            return .text("done")
        }
        var configuration = HTTPServerConfiguration(unixSocketPath: path)
        configuration.shutdownGracePeriod = .seconds(5)
        let server = HTTPServer(configuration: configuration, router: router)
        try await server.start()
        defer { unlink(path) }

        try await RawClient.withConnection(path) { idle in
            try await RawClient.withConnection(path) { busy in
                try await idle.send("GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n")
                _ = try await idle.read(through: "\r\n\r\nOK")
                try await busy.send("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
                try await Task.sleep(for: .milliseconds(50))

                let started = ContinuousClock.now
                async let stopped: Void = server.shutdown()
                // The idle keep-alive connection is closed without an answer.
                #expect(try await idle.readToEnd() == "")
                // The busy one gets its answer, marked as the last on this connection.
                let answer = try await busy.readToEnd()
                #expect(answer.contains("Connection: close"))
                #expect(answer.hasSuffix("done"))
                await stopped
                // Bounded well below the server's 30 s drain limit, loosely: a loaded 2-core CI box is slow.
                #expect(ContinuousClock.now - started < .seconds(20))
            }
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
