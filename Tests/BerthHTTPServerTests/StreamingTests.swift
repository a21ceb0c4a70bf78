import BerthHTTPServer
import Foundation
import Synchronization
import Testing

/// A flag a handler sets and a test waits on.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }

    func wait(seconds: Double) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if isSet { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return isSet
    }
}

/// Request bodies read as they arrive; response bodies written as produced.
@Suite(.serialized, .timeLimit(.minutes(2))) struct StreamingTests {
    @Test func chunkedUploadIsStreamedToTheHandler() async throws {
        var router = Router()
        try router.put("/containers/{id}/archive") { request in
            var total = 0, chunks = 0
            for try await chunk in request.body {
                total += chunk.count
                chunks += 1
            }
            return try .json(["bytes": total, "chunks": chunks])
        }
        try await withTestServer(router) { _, socket in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("berth-http-upload-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: file) }
            let size = 3 << 20
            try Data((0..<size).map { UInt8(truncatingIfNeeded: $0) }).write(to: file)
            // As `docker cp` sends it: chunked, no Content-Length.
            let response = try await curl(socket, "/v1.50/containers/c/archive?path=%2Ftmp", [
                "-X", "PUT", "-H", "Transfer-Encoding: chunked", "-H", "Content-Type: text/plain",
                "-H", "Expect: 100-continue", "--data-binary", "@\(file.path)",
            ])
            #expect(response.status == 200)
            #expect(response.body.contains(#""bytes":\#(size)"#))
        }
    }

    @Test func handlerReadsEachChunkBeforeTheNextIsSent() async throws {
        // The handler answers with a stream that reports every chunk as it arrives (like `load` progress);
        // the client sends the next chunk only after it has seen that report.
        var router = Router()
        try router.post("/images/load") { request in
            .stream { writer in
                for try await chunk in request.body {
                    try await writer.write("got \(String(decoding: chunk, as: UTF8.self))\n")
                }
                try await writer.write("done\n")
            }
        }
        try await withTestServer(router) { _, socket in
            try await RawClient.withConnection(socket) { client in
                try await client.send("POST /v1.50/images/load?quiet=1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\n\r\n")
                try await client.send("5\r\nfirst\r\n")
                let head = try await client.read(through: "\r\n\r\n")
                #expect(head.hasPrefix("HTTP/1.1 200 OK"))
                #expect(head.contains("Transfer-Encoding: chunked"))
                #expect(try await client.read(through: "got first\n").hasSuffix("got first\n"))
                try await client.send("6\r\nsecond\r\n")
                #expect(try await client.read(through: "got second\n").hasSuffix("got second\n"))
                try await client.send("0\r\n\r\n")
                #expect(try await client.read(through: "done\n").hasSuffix("done\n"))
                #expect(try await client.read(through: "0\r\n\r\n").hasSuffix("0\r\n\r\n"))
                // The connection is reusable after the stream.
                try await client.send("GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(try await client.read(through: "\r\n\r\nOK").contains("200 OK"))
            }
        }
    }

    @Test func streamedResponseHeadersGoOutBeforeTheBody() async throws {
        // `POST /containers/{id}/wait`: headers at once, body when the container exits.
        let release = Flag()
        var router = Router()
        try router.post("/containers/{id}/wait") { _ in
            .stream { writer in
                while !release.isSet { try await Task.sleep(for: .milliseconds(10)) }
                try await writer.write(#"{"Error":null,"StatusCode":0}"# + "\n")
            }
        }
        try await withTestServer(router) { _, socket in
            try await RawClient.withConnection(socket) { client in
                try await client.send("POST /v1.50/containers/x/wait?condition=next-exit HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
                let head = try await client.read(through: "\r\n\r\n")
                #expect(head.contains("Content-Type: application/json"))
                #expect(!release.isSet)
                release.set()
                let body = try await client.read(through: "0\r\n\r\n")
                #expect(body.contains(#"{"Error":null,"StatusCode":0}"#))
            }
        }
    }

    @Test func curlSeesChunkedJSONLines() async throws {
        var router = Router()
        try router.get("/events") { _ in
            .stream { writer in
                for index in 1...3 {
                    try await writer.writeJSONLine(["Action": "tick", "n": "\(index)"])
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
        }
        try await withTestServer(router) { _, socket in
            let response = try await curl(socket, "/v1.50/events", ["-N"])
            #expect(response.header("Transfer-Encoding") == "chunked")
            let lines = response.body.split(separator: "\n")
            #expect(lines.count == 3)
            #expect(lines.allSatisfy { $0.contains(#""Action":"tick""#) })
        }
    }

    @Test func clientClosingCancelsTheProducer() async throws {
        let started = Flag(), cancelled = Flag()
        var router = Router()
        try router.get("/events") { _ in
            .stream { writer in
                try await writer.write("{}\n")
                started.set()
                do {
                    try await Task.sleep(for: .seconds(60))
                } catch {
                    cancelled.set()
                    throw error
                }
            }
        }
        try await withTestServer(router) { _, socket in
            try await RawClient.withConnection(socket) { client in
                try await client.send("GET /v1.50/events HTTP/1.1\r\nHost: x\r\n\r\n")
                _ = try await client.read(through: "{}\n")
                #expect(await started.wait(seconds: 5))
            }
            #expect(await cancelled.wait(seconds: 5))
        }
    }
}
