import Glibc
import Testing
import BerthCore
@testable import BerthCLI

/// Request sequences of the new commands against canned daemons (what the daemon must serve).
@Suite(.serialized) struct ContainerRunSequenceTests {
    static let id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

    @Test func runAttachesThenWaitsThenStartsAndReturnsTheStatus() throws {
        let frames: [UInt8] = [1, 0, 0, 0, 0, 0, 0, 3] + Array("hi\n".utf8) + [2, 0, 0, 0, 0, 0, 0, 4] + Array("err\n".utf8)
        let d = try ConcurrentTestDaemon(routes: [
            ("HEAD /_ping", { _ in TestDaemon.response(200) }),
            ("POST /v1.41/containers/create", { _ in TestDaemon.response(201, "{\"Id\":\"\(Self.id)\",\"Warnings\":[]}") }),
            ("POST /v1.41/containers/\(Self.id)/attach", { _ in
                Array("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n".utf8) + frames
            }),
            ("POST /v1.41/containers/\(Self.id)/wait", { _ in TestDaemon.response(200, "{\"Error\":null,\"StatusCode\":7}", chunked: true) }),
            ("POST /v1.41/containers/\(Self.id)/start", { _ in TestDaemon.response(204) }),
        ])
        defer { d.stop() }
        let out = try TemporaryOutput(), err = try TemporaryOutput()
        let status = BerthCommandLine.run(["-H", d.host, "run", "--rm", "--network", "none", "--name", "t1", "busybox", "echo", "hi"],
                                          stdout: out.stream, stderr: err.stream)
        #expect(status == 7)
        #expect(out.text() == "hi\n")
        #expect(err.text() == "err\n")
        let lines = d.requests.map { $0.split(separator: "\r\n").first.map(String.init) ?? "" }
        #expect(lines == [
            "HEAD /_ping HTTP/1.1",
            "POST /v1.41/containers/create?name=t1 HTTP/1.1",
            "POST /v1.41/containers/\(Self.id)/attach?stderr=1&stdout=1&stream=1 HTTP/1.1",
            "POST /v1.41/containers/\(Self.id)/wait?condition=removed HTTP/1.1",
            "POST /v1.41/containers/\(Self.id)/start HTTP/1.1",
        ])
        #expect(d.requests[2].contains("Upgrade: tcp\r\n"))
        #expect(d.requests[1].contains("\"AutoRemove\":true"))
    }

    @Test func runDetachedArmsWaitThenStartsAndPrintsTheID() throws {
        let d = try ConcurrentTestDaemon(routes: [
            ("HEAD /_ping", { _ in TestDaemon.response(200) }),
            ("POST /v1.41/containers/create", { _ in TestDaemon.response(201, "{\"Id\":\"\(Self.id)\",\"Warnings\":null}") }),
            ("POST /v1.41/containers/\(Self.id)/wait", { _ in TestDaemon.response(200, "{\"Error\":null,\"StatusCode\":0}") }),
            ("POST /v1.41/containers/\(Self.id)/start", { _ in TestDaemon.response(204) }),
        ])
        defer { d.stop() }
        let out = try TemporaryOutput(), err = try TemporaryOutput()
        #expect(BerthCommandLine.run(["-H", d.host, "run", "-d", "busybox"], stdout: out.stream, stderr: err.stream) == 0)
        #expect(out.text() == Self.id + "\n")
        let lines = d.requests.map { $0.split(separator: "\r\n").first.map(String.init) ?? "" }
        #expect(lines.dropFirst(2) == [
            "POST /v1.41/containers/\(Self.id)/wait?condition=next-exit HTTP/1.1",
            "POST /v1.41/containers/\(Self.id)/start HTTP/1.1",
        ])
    }

    @Test func startFailuresMapTo127() throws {
        let d = try ConcurrentTestDaemon(routes: [
            ("HEAD /_ping", { _ in TestDaemon.response(200) }),
            ("POST /v1.41/containers/create", { _ in TestDaemon.response(201, "{\"Id\":\"\(Self.id)\",\"Warnings\":null}") }),
            ("POST /v1.41/containers/\(Self.id)/wait", { _ in TestDaemon.response(200, "{\"Error\":null,\"StatusCode\":0}") }),
            ("POST /v1.41/containers/\(Self.id)/start", { _ in
                TestDaemon.response(400, "{\"message\":\"exec: \\\"nosuch\\\": executable file not found in $PATH\"}")
            }),
        ])
        defer { d.stop() }
        let out = try TemporaryOutput(), err = try TemporaryOutput()
        let status = BerthCommandLine.run(["-H", d.host, "run", "-d", "busybox", "nosuch"], stdout: out.stream, stderr: err.stream)
        #expect(status == 127)
        #expect(out.text() == "")
        #expect(err.text() == "\(CLIName.value): Error response from daemon: exec: \"nosuch\": executable file not found in $PATH\n\nRun '\(CLIName.value) run --help' for more information\n")
    }

    @Test func createPullsOnMissingImageUnlessNever() throws {
        let d = try TestDaemon(replies: [
            { _ in TestDaemon.response(200) },
            { _ in TestDaemon.response(404, "{\"message\":\"No such image: nope:latest\"}") },
            { _ in TestDaemon.response(500, "{\"message\":\"registry unreachable\"}") },
        ])
        defer { d.stop() }
        let out = try TemporaryOutput(), err = try TemporaryOutput()
        // An empty config directory: the pull must send docker's "not logged in" auth, whatever ~/.docker holds.
        let config = DockerConfigFileTests.tempDir()
        defer { unlink(config + "/config.json"); rmdir(config) }
        #expect(BerthCommandLine.run(["-H", d.host, "--config", config, "create", "nope"], stdout: out.stream, stderr: err.stream) == 1)
        #expect(err.text() == "Unable to find image 'nope:latest' locally\nError response from daemon: registry unreachable\n")
        #expect(d.requests[2].hasPrefix("POST /v1.41/images/create?fromImage=docker.io%2Flibrary%2Fnope&tag=latest HTTP/1.1"))
        #expect(d.requests[2].contains("X-Registry-Auth: e30=\r\n"))
    }

    @Test func batchVerbsPrintNamesAndCollectErrors() throws {
        let d = try TestDaemon(replies: [
            { _ in TestDaemon.response(200) },
            { _ in TestDaemon.response(204) },
            { _ in TestDaemon.response(404, "{\"message\":\"No such container: b\"}") },
        ])
        defer { d.stop() }
        let out = try TemporaryOutput(), err = try TemporaryOutput()
        #expect(BerthCommandLine.run(["-H", d.host, "stop", "-t", "1", "a", "b"], stdout: out.stream, stderr: err.stream) == 1)
        #expect(out.text() == "a\n")
        #expect(err.text() == "Error response from daemon: No such container: b\n")
        #expect(d.requests[1].hasPrefix("POST /v1.41/containers/a/stop?t=1 HTTP/1.1"))
    }

    @Test func execCreatesStartsAndReportsTheExitCode() throws {
        let d = try ConcurrentTestDaemon(routes: [
            ("HEAD /_ping", { _ in TestDaemon.response(200) }),
            ("GET /v1.41/containers/web/json", { _ in TestDaemon.response(200, "{\"Id\":\"\(Self.id)\",\"Config\":{\"Tty\":false}}") }),
            ("POST /v1.41/containers/web/exec", { _ in TestDaemon.response(201, "{\"Id\":\"e1\"}") }),
            ("POST /v1.41/exec/e1/start", { _ in
                Array("HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n".utf8) + [1, 0, 0, 0, 0, 0, 0, 3] + Array("ok\n".utf8)
            }),
            ("GET /v1.41/exec/e1/json", { _ in TestDaemon.response(200, "{\"ExitCode\":3,\"Running\":false}") }),
        ])
        defer { d.stop() }
        let out = try TemporaryOutput()
        #expect(BerthCommandLine.run(["-H", d.host, "exec", "web", "sh", "-c", "exit 3"], stdout: out.stream, stderr: out.stream) == 3)
        #expect(out.text() == "ok\n")
        let create = d.requests.first { $0.hasPrefix("POST /v1.41/containers/web/exec") } ?? ""
        #expect(create.contains("\"Cmd\":[\"sh\",\"-c\",\"exit 3\"]"))
        #expect(create.contains("\"AttachStdout\":true"))
        let start = d.requests.first { $0.hasPrefix("POST /v1.41/exec/e1/start") } ?? ""
        #expect(start.contains("{\"Detach\":false,\"Tty\":false}"))
    }
}
