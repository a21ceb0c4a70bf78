import Glibc
import Testing
import BerthCore
@testable import BerthCLI

/// cp and start -a against canned daemons, and stats redraw frames.
@Suite(.serialized) struct ContainerCopySequenceTests {
    @Test func copyToAMissingPathUploadsIntoTheParentUnderTheNewName() throws {
        let d = try TestDaemon(replies: [
            { _ in TestDaemon.response(200) },
            { _ in TestDaemon.response(404, "{\"message\":\"Could not find the file /tmp/in.txt in container c\"}") },
            { _ in TestDaemon.response(200) },
        ])
        defer { d.stop() }
        let path = "/tmp/berth-cli-cp-src-\(getpid()).txt"
        let f = fopen(path, "w")
        fputs("payload", f)
        fclose(f)
        defer { unlink(path) }
        let out = try TemporaryOutput()
        #expect(BerthCommandLine.run(["-H", d.host, "cp", path, "c:/tmp/in.txt"], stdout: out.stream, stderr: out.stream) == 0)
        #expect(d.requests[1].hasPrefix("HEAD /v1.41/containers/c/archive?path=%2Ftmp%2Fin.txt HTTP/1.1"))
        #expect(d.requests[2].hasPrefix("PUT /v1.41/containers/c/archive?noOverwriteDirNonDir=true&path=%2Ftmp HTTP/1.1"))
        // The tar entry is already renamed to the destination's base name.
        #expect(d.requests[2].contains("in.txt"))
        #expect(!d.requests[2].contains("berth-cli-cp-src"))
    }

    @Test func copyFromAContainerToStdoutPassesTheTarThrough() throws {
        var h = TarHeader(name: "hostname", mode: 0o644, type: 0x30)
        h.size = 3
        let tar = h.encode() + Array("ab\n".utf8) + [UInt8](repeating: 0, count: 509 + 1024)
        let d = try TestDaemon(replies: [
            { _ in TestDaemon.response(200) },
            { _ in
                var head = "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/x-tar\r\n"
                head += "Content-Length: \(tar.count)\r\n\r\n"
                return Array(head.utf8) + tar
            },
        ])
        defer { d.stop() }
        let out = try TemporaryOutput()
        #expect(BerthCommandLine.run(["-H", d.host, "cp", "c:/etc/hostname", "-"], stdout: out.stream, stderr: out.stream) == 0)
        #expect(Array(out.text().utf8) == tar)
        #expect(d.requests[1].hasPrefix("GET /v1.41/containers/c/archive?path=%2Fetc%2Fhostname HTTP/1.1"))
    }

    @Test func startAttachInspectsAttachesWaitsThenStarts() throws {
        let id = "feedfacefeedfacefeedfacefeedfacefeedfacefeedfacefeedfacefeedface"
        let d = try ConcurrentTestDaemon(routes: [
            ("HEAD /_ping", { _ in TestDaemon.response(200) }),
            ("GET /v1.41/containers/sa/json", { _ in TestDaemon.response(200, "{\"Id\":\"\(id)\",\"Config\":{\"Tty\":false,\"OpenStdin\":false}}") }),
            ("POST /v1.41/containers/\(id)/attach", { _ in
                Array("HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n".utf8) + [1, 0, 0, 0, 0, 0, 0, 8] + Array("started\n".utf8)
            }),
            ("POST /v1.41/containers/\(id)/wait", { _ in TestDaemon.response(200, "{\"Error\":null,\"StatusCode\":2}", chunked: true) }),
            ("POST /v1.41/containers/\(id)/start", { _ in TestDaemon.response(204) }),
        ])
        defer { d.stop() }
        let out = try TemporaryOutput()
        #expect(BerthCommandLine.run(["-H", d.host, "start", "-a", "sa"], stdout: out.stream, stderr: out.stream) == 2)
        #expect(out.text() == "started\n")
        let lines = d.requests.map { $0.split(separator: "\r\n").first.map(String.init) ?? "" }
        #expect(lines.dropFirst() == [
            "GET /v1.41/containers/sa/json HTTP/1.1",
            "POST /v1.41/containers/\(id)/attach?stderr=1&stdout=1&stream=1 HTTP/1.1",
            "POST /v1.41/containers/\(id)/wait?condition=next-exit HTTP/1.1",
            "POST /v1.41/containers/\(id)/start HTTP/1.1",
        ])
    }

    @Test func statsFrameRepeatsDockersRedraw() {
        let frame = ContainerStatsCommand.frame("A\nB\n")
        #expect(frame == "\u{1B}[HA\nB\n\u{1B}[HA \u{1B}[K\nB \u{1B}[K\n \u{1B}[K\n\u{1B}[J")
    }
}
