import Testing
import BerthCore
@testable import BerthCLI

/// attach and logs against canned daemons: request order and how output is decoded.
@Suite(.serialized) struct ContainerStreamCommandTests {
    static let id = "abcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd"

    @Test func attachArmsWaitBeforeInspectAndReturnsTheStatus() throws {
        let d = try ConcurrentTestDaemon(routes: [
            ("HEAD /_ping", { _ in TestDaemon.response(200) }),
            ("POST /v1.41/containers/web/wait", { _ in TestDaemon.response(200, "{\"Error\":null,\"StatusCode\":6}", chunked: true) }),
            ("GET /v1.41/containers/web/json", { _ in
                TestDaemon.response(200, "{\"Id\":\"\(Self.id)\",\"State\":{\"Running\":true},\"Config\":{\"Tty\":false,\"OpenStdin\":false}}")
            }),
            ("POST /v1.41/containers/\(Self.id)/attach", { _ in
                Array("HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n".utf8) + [1, 0, 0, 0, 0, 0, 0, 4] + Array("bye\n".utf8)
            }),
        ])
        defer { d.stop() }
        let out = try TemporaryOutput()
        #expect(BerthCommandLine.run(["-H", d.host, "attach", "--detach-keys", "ctrl-x", "web"], stdout: out.stream, stderr: out.stream) == 6)
        #expect(out.text() == "bye\n")
        let lines = d.requests.map { $0.split(separator: "\r\n").first.map(String.init) ?? "" }
        #expect(lines.dropFirst() == [
            "POST /v1.41/containers/web/wait HTTP/1.1",
            "GET /v1.41/containers/web/json HTTP/1.1",
            "POST /v1.41/containers/\(Self.id)/attach?detachKeys=ctrl-x&stderr=1&stdout=1&stream=1 HTTP/1.1",
        ])
    }

    @Test func attachRefusesAStoppedContainer() throws {
        let d = try ConcurrentTestDaemon(routes: [
            ("HEAD /_ping", { _ in TestDaemon.response(200) }),
            ("POST /v1.41/containers/web/wait", { _ in TestDaemon.response(200, "{\"Error\":null,\"StatusCode\":0}") }),
            ("GET /v1.41/containers/web/json", { _ in TestDaemon.response(200, "{\"Id\":\"\(Self.id)\",\"State\":{\"Running\":false}}") }),
        ])
        defer { d.stop() }
        let out = try TemporaryOutput()
        #expect(BerthCommandLine.run(["-H", d.host, "attach", "web"], stdout: out.stream, stderr: out.stream) == 1)
        #expect(out.text() == "You cannot attach to a stopped container, start it first\n")
    }

    @Test func logsDemultiplexesUnlessTheContainerHasATTY() throws {
        let frames: [UInt8] = [1, 0, 0, 0, 0, 0, 0, 4] + Array("out\n".utf8) + [2, 0, 0, 0, 0, 0, 0, 4] + Array("err\n".utf8)
        let framed = String(decoding: frames, as: UTF8.self)
        let d = try TestDaemon(replies: [
            { _ in TestDaemon.response(200) },
            { _ in TestDaemon.response(200, "{\"Id\":\"\(Self.id)\",\"Config\":{\"Tty\":false}}") },
            { _ in TestDaemon.response(200, framed, chunked: true) },
            { _ in TestDaemon.response(200) },
            { _ in TestDaemon.response(200, "{\"Id\":\"\(Self.id)\",\"Config\":{\"Tty\":true}}") },
            { _ in TestDaemon.response(200, "tty-out\r\n", chunked: true) },
        ])
        defer { d.stop() }
        let out = try TemporaryOutput(), err = try TemporaryOutput()
        #expect(BerthCommandLine.run(["-H", d.host, "logs", "-n", "5", "web"], stdout: out.stream, stderr: err.stream) == 0)
        #expect(out.text() == "out\n")
        #expect(err.text() == "err\n")
        #expect(d.requests[2].hasPrefix("GET /v1.41/containers/\(Self.id)/logs?stderr=1&stdout=1&tail=5 HTTP/1.1"))
        let tty = try TemporaryOutput()
        #expect(BerthCommandLine.run(["-H", d.host, "logs", "web"], stdout: tty.stream, stderr: tty.stream) == 0)
        #expect(tty.text() == "tty-out\r\n")
    }
}
