import BerthHTTPServer
import Foundation
import Testing

/// `attach` / `exec start` connection hijacking, as the docker CLI and docker-py drive it.
@Suite(.serialized, .timeLimit(.minutes(2))) struct HijackTests {
    struct ExecStart: Codable, Sendable {
        var Detach: Bool
        var Tty: Bool
    }

    /// Echoes stdin back as stdout frames; at stdin EOF says "bye" on stderr and ends (the process exits).
    static func router() throws -> Router {
        var router = Router()
        let echo: @Sendable (HijackedStream) async throws -> Void = { stream in
            for try await chunk in stream.input {
                try await stream.writeFrame(.stdout, chunk)
            }
            try await stream.writeFrame(.stderr, Array("bye\n".utf8))
        }
        try router.post("/containers/{id}/attach") { request in
            .hijack(contentType: request.apiVersion >= APIVersion(1, 42) ? HTTPResponse.ContentType.multiplexedStream
                                                                         : HTTPResponse.ContentType.rawStream, echo)
        }
        try router.post("/exec/{id}/start") { request in
            let start = try await request.body.decodeJSON(ExecStart.self)
            if start.Detach { return .empty(.ok) }
            return .hijack(contentType: HTTPResponse.ContentType.multiplexedStream) { stream in
                try await stream.writeFrame(.stdout, Array("tty=\(start.Tty)\n".utf8))
                try await echo(stream)
            }
        }
        return router
    }

    @Test func upgradedAttachEchoesThroughFramesAndSurvivesHalfClose() async throws {
        try await withTestServer(try Self.router()) { _, socket in
            try await RawClient.withConnection(socket) { client in
                try await client.send("POST /v1.50/containers/c/attach?stderr=1&stdin=1&stdout=1&stream=1 HTTP/1.1\r\nHost: api.moby.localhost\r\n"
                    + "Content-Length: 0\r\nConnection: Upgrade\r\nContent-Type: text/plain\r\nUpgrade: tcp\r\n\r\n")
                let head = try await client.read(through: "\r\n\r\n")
                #expect(head.hasPrefix("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"))
                #expect(head.contains("Api-Version: 1.50\r\n"))
                #expect(!head.contains("Content-Length"))
                #expect(!head.contains("Transfer-Encoding"))

                try await client.send("hello\n")
                let (stream, payload) = try await client.readFrame()
                #expect(stream == 1)
                #expect(payload == "hello\n")

                // stdin EOF is not a disconnect: output still flows, then the server closes.
                client.halfClose()
                let (errStream, bye) = try await client.readFrame()
                #expect(errStream == 2)
                #expect(bye == "bye\n")
                #expect(try await client.readToEnd() == "")
            }
        }
    }

    @Test func stdinBytesSentWithTheRequestAreNotLost() async throws {
        try await withTestServer(try Self.router()) { _, socket in
            try await RawClient.withConnection(socket) { client in
                // Request and the first stdin bytes in one write.
                try await client.send("POST /v1.41/containers/c/attach?stdin=1&stdout=1&stream=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                    + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\nearly")
                let head = try await client.read(through: "\r\n\r\n")
                #expect(head.contains("Content-Type: application/vnd.docker.raw-stream"))
                let (_, payload) = try await client.readFrame()
                #expect(payload == "early")
                client.halfClose()
                #expect(try await client.readFrame().1 == "bye\n")
            }
        }
    }

    @Test func withoutUpgradeHeadersTheStreamFollowsA200() async throws {
        try await withTestServer(try Self.router()) { _, socket in
            try await RawClient.withConnection(socket) { client in
                try await client.send("POST /v1.50/containers/c/attach?stdout=1&stream=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
                let head = try await client.read(through: "\r\n\r\n")
                #expect(head.hasPrefix("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n"))
                #expect(!head.contains("Upgrade"))
                client.halfClose()
                #expect(try await client.readFrame().1 == "bye\n")
                #expect(try await client.readToEnd() == "")
            }
        }
    }

    @Test func execStartReadsItsJSONBodyThenHijacks() async throws {
        try await withTestServer(try Self.router()) { _, socket in
            try await RawClient.withConnection(socket) { client in
                let body = #"{"Detach":false,"Tty":false}"#
                try await client.send("POST /v1.50/exec/e1/start HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n"
                    + "Connection: Upgrade\r\nContent-Type: application/json\r\nUpgrade: tcp\r\n\r\n\(body)")
                let head = try await client.read(through: "\r\n\r\n")
                #expect(head.hasPrefix("HTTP/1.1 101 UPGRADED"))
                #expect(try await client.readFrame().1 == "tty=false\n")
                try await client.send("abc")
                #expect(try await client.readFrame().1 == "abc")
                client.halfClose()
                #expect(try await client.readFrame().1 == "bye\n")
            }
            // docker-py's detached exec start is an ordinary request.
            let detached = try await curl(socket, "/v1.50/exec/e1/start", ["-X", "POST", "--data-binary", #"{"Detach": true, "Tty": false}"#])
            #expect(detached.status == 200)
            #expect(detached.header("Content-Length") == "0")
        }
    }

    @Test func outputReadyAtOnceFollowsTheHeaderThenTheServerCloses() async throws {
        // `attach?logs=1&stream=0` on an exited container: the replay is ready immediately. The server
        // pauses after the 101 header (docker-py drops bytes sharing a read with it), sends, closes.
        var router = Router()
        try router.post("/containers/{id}/attach") { _ in
            .hijack(contentType: HTTPResponse.ContentType.multiplexedStream) { stream in
                try await stream.writeFrame(.stdout, Array("hello\n".utf8))
            }
        }
        try await withTestServer(router, configure: { $0.hijackHeaderGap = .milliseconds(50) }) { _, socket in
            try await RawClient.withConnection(socket) { client in
                try await client.send("POST /v1.50/containers/c/attach?logs=1&stream=0&stdout=1 HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n")
                let head = try await client.read(through: "\r\n\r\n")
                #expect(head.hasPrefix("HTTP/1.1 101 UPGRADED"))
                #expect(try await client.readFrame().1 == "hello\n")
                #expect(try await client.readToEnd() == "")
            }
        }
    }
}
