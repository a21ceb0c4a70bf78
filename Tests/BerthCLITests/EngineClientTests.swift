import Testing
import BerthCore
@testable import BerthCLI

/// The client against an in-test daemon: negotiation, JSON, chunked bodies, errors, hijack framing.
@Suite(.serialized) struct EngineClientTests {
    @Test func negotiatesDownToServerVersion() throws {
        let d = try TestDaemon(replies: [{ _ in TestDaemon.response(200) }, { _ in TestDaemon.response(200, "[]") }])
        defer { d.stop() }
        let c = try EngineClient(host: d.host)
        try c.negotiate()
        #expect(c.apiVersion == "1.41")
        _ = try c.json("GET", "/containers/json")
        #expect(d.requests[0].hasPrefix("HEAD /_ping HTTP/1.1\r\n"))
        #expect(d.requests[1].hasPrefix("GET /v1.41/containers/json HTTP/1.1\r\n"))
        #expect(d.requests[1].contains("Host: api.moby.localhost\r\n"))
    }

    @Test func headFailureFallsBackToGetAndCapsAt150() throws {
        let d = try TestDaemon(replies: [
            { _ in TestDaemon.response(405) },
            { _ in Array("HTTP/1.1 200 OK\r\nApi-Version: 1.99\r\nContent-Length: 2\r\n\r\nOK".utf8) },
        ])
        defer { d.stop() }
        let c = try EngineClient(host: d.host)
        try c.negotiate()
        #expect(c.apiVersion == "1.50")
        #expect(d.requests[1].hasPrefix("GET /_ping"))
    }

    @Test func chunkedJSONAndLineStreams() throws {
        let d = try TestDaemon(replies: [
            { _ in TestDaemon.response(200, #"{"ID":"abc","Containers":3}"#, chunked: true) },
            { _ in TestDaemon.response(200, "{\"a\":1}\n{\"a\":2}\n", chunked: true) },
        ])
        defer { d.stop() }
        let c = try EngineClient(host: d.host)
        let info = try c.json("GET", "/info")
        #expect(info["ID"]?.string == "abc")
        let r = try c.request("GET", "/events")
        var lines: [String] = []
        while let l = try r.readLine() { lines.append(String(decoding: l, as: UTF8.self)) }
        #expect(lines == [#"{"a":1}"#, #"{"a":2}"#])
    }

    @Test func daemonErrorsCarryTheMessage() throws {
        let d = try TestDaemon(replies: [{ _ in TestDaemon.response(404, "{\"message\":\"No such container: x\"}\n") }])
        defer { d.stop() }
        let c = try EngineClient(host: d.host)
        do {
            _ = try c.json("GET", "/containers/x/json")
            Issue.record("expected an error")
        } catch let e as EngineAPIError {
            #expect(e.statusCode == 404)
            #expect(e.description == "Error response from daemon: No such container: x")
        }
    }

    @Test func chunkedRequestBody() throws {
        let d = try TestDaemon(replies: [{ _ in TestDaemon.response(200, "{}") }])
        defer { d.stop() }
        let c = try EngineClient(host: d.host)
        var pieces: [[UInt8]] = [Array("hello ".utf8), Array("tar".utf8)]
        let r = try c.request("POST", "/images/load", body: .stream(contentType: "application/x-tar") {
            pieces.isEmpty ? nil : pieces.removeFirst()
        })
        _ = try r.readAll()
        #expect(d.requests[0].contains("Transfer-Encoding: chunked\r\n"))
    }

    @Test func hijackDemultiplexesFrames() throws {
        let frames: [UInt8] = [1, 0, 0, 0, 0, 0, 0, 3] + Array("hi\n".utf8) + [2, 0, 0, 0, 0, 0, 0, 4] + Array("err\n".utf8)
        let d = try TestDaemon(replies: [{ _ in
            Array("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n".utf8) + frames
        }])
        defer { d.stop() }
        let c = try EngineClient(host: d.host)
        let h = try c.hijack("POST", "/containers/x/attach", query: URLQuery([("stream", "1"), ("stdout", "1")]))
        h.closeWrite()
        var demux = StreamDemultiplexer()
        var got: [StreamDemultiplexer.Frame] = []
        while true {
            let chunk = try h.read()
            if chunk.isEmpty { break }
            got += demux.feed(chunk)
        }
        #expect(got == [.stdout(Array("hi\n".utf8)), .stderr(Array("err\n".utf8))])
        #expect(d.requests[0].contains("Connection: Upgrade\r\n"))
        #expect(d.requests[0].contains("Upgrade: tcp\r\n"))
    }

    @Test func demultiplexerHandlesSplitFrames() {
        var demux = StreamDemultiplexer()
        let frame: [UInt8] = [1, 0, 0, 0, 0, 0, 0, 5] + Array("hello".utf8)
        #expect(demux.feed(Array(frame[0..<6])).isEmpty)
        #expect(demux.feed(Array(frame[6...])) == [.stdout(Array("hello".utf8))])
    }

    @Test func psThroughTheCommandLine() throws {
        let list = #"[{"Id":"4c01db0b339c7a3b","Names":["/web"],"Image":"nginx","ImageID":"sha256:aa","Command":"nginx -g 'daemon off;'","Created":0,"Ports":[],"Labels":{},"State":"running","Status":"Up 2 minutes"}]"#
        let d = try TestDaemon(replies: [{ _ in TestDaemon.response(200) }, { _ in TestDaemon.response(200, list) }])
        defer { d.stop() }
        let out = try TemporaryOutput()
        let status = BerthCommandLine.run(["-H", d.host, "ps", "--format", "{{.ID}} {{.Names}} {{.Command}}", "-a", "-f", "status=running"],
                                          stdout: out.stream, stderr: out.stream)
        #expect(status == 0)
        #expect(out.text() == "4c01db0b339c web \"nginx -g 'daemon of…\"\n")
        #expect(d.requests.count == 2, "requests: \(d.requests)")
        #expect(d.requests.dropFirst().first?.hasPrefix("GET /v1.41/containers/json?all=1&filters=%7B%22status%22%3A%7B%22running%22%3Atrue%7D%7D HTTP/1.1") == true)
    }

    @Test func daemonErrorExitStatus() throws {
        let d = try TestDaemon(replies: [{ _ in TestDaemon.response(200) }, { _ in TestDaemon.response(500, "{\"message\":\"boom\"}") }])
        defer { d.stop() }
        let out = try TemporaryOutput()
        #expect(BerthCommandLine.run(["-H", d.host, "images"], stdout: out.stream, stderr: out.stream) == 1)
        #expect(out.text() == "Error response from daemon: boom\n")
    }
}
