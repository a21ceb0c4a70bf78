import Testing
import BerthCore
import BerthEngineAPI
@testable import BerthCLI

/// Small parsers behind the new commands: sizes, ports, mounts, detach keys, references, cp paths.
struct CLIParsingTests {
    @Test func ramSizesAreBinary() {
        #expect(ByteSize.ram("64m") == 67_108_864)
        #expect(ByteSize.ram("1g") == 1 << 30)
        #expect(ByteSize.ram("512") == 512)
        #expect(ByteSize.ram("1.5k") == 1536)
        #expect(ByteSize.ram("10MiB") == 10_485_760)
        #expect(ByteSize.ram("foo") == nil)
        #expect(ByteSize.ram("1x") == nil)
        #expect(ByteSize.human("1kB") == 1000)
    }

    @Test func publishSpecs() throws {
        #expect(try PortSpec.parsePublish("8000-8001:80-81") == [
            .init(port: "80/tcp", binding: PortBinding(hostIp: "", hostPort: "8000")),
            .init(port: "81/tcp", binding: PortBinding(hostIp: "", hostPort: "8001")),
        ])
        #expect(try PortSpec.parsePublish("[::1]:80:80") == [.init(port: "80/tcp", binding: PortBinding(hostIp: "::1", hostPort: "80"))])
        #expect(throws: CLIError.self) { try PortSpec.parsePublish("abc") }
        #expect(throws: CLIError.self) { try PortSpec.parsePublish("1:2:3:4") }
        #expect(try PortSpec.parseExpose("53/udp") == ["53/udp"])
    }

    @Test func mountSpecs() throws {
        let m = try MountSpec.parseMount("type=bind,src=/a,dst=/b,bind-propagation=rshared")
        #expect(m.source == "/a" && m.target == "/b" && m.bindOptions?.propagation == "rshared")
        #expect(try MountSpec.parseMount("target=/v").type == "volume")
        #expect(throws: CLIError.self) { try MountSpec.parseMount("type=bind,target=/b") }
        #expect(throws: CLIError.self) { try MountSpec.parseMount("type=tmpfs,source=/x,target=/b") }
        #expect(throws: CLIError.self) { try MountSpec.parseMount("type=bind,bogus=1,target=/b") }
    }

    @Test func detachKeys() throws {
        #expect(try DetachKeys.parse("ctrl-p,ctrl-q") == [0x10, 0x11])
        #expect(try DetachKeys.parse("a,ctrl-@,ctrl-[") == [0x61, 0x00, 0x1B])
        #expect(throws: CLIError.self) { try DetachKeys.parse("ctrl-1") }
        #expect(throws: CLIError.self) { try DetachKeys.parse("abc") }
        var m = DetachKeyMatcher(keys: [0x10, 0x11])
        let results = [m.feed([0x61, 0x10]), m.feed([0x11]), m.feed([0x10, 0x61, 0x11]), m.feed([0x10, 0x10, 0x11])]
        #expect(results == [false, true, false, true])
    }

    @Test func imageReferences() {
        let b = ImageReference("busybox")
        #expect(b.repository == "docker.io/library/busybox" && b.tag == "latest" && !b.isDigest)
        #expect(ImageReference("user/app:1").repository == "docker.io/user/app")
        #expect(ImageReference("localhost:5000/app").repository == "localhost:5000/app")
        #expect(ImageReference("localhost:5000/app").tag == "latest")
        #expect(ImageReference("busybox").familiar == "busybox:latest")
        let d = ImageReference("alpine@sha256:abc")
        #expect(d.isDigest && d.tag == "sha256:abc" && d.familiar == "alpine@sha256:abc")
    }

    @Test func referenceCaseIsCheckedLikeDocker() {
        #expect(ImageReference.parseError("busybox:Latest") == nil)
        #expect(ImageReference.parseError("Bad:Tag")
            == "Error parsing reference: \"Bad:Tag\" is not a valid repository/tag: invalid reference format: repository name (library/Bad) must be lowercase")
        #expect(ImageReference("Host.example:5000/Me/App").path == "Me/App")
    }

    @Test func capabilitiesNormalised() {
        let (add, drop) = ContainerCreateOptions.effectiveCapabilities(add: ["net_admin", "CAP_CHOWN", "chown"], drop: ["mknod", "ALL"])
        #expect(add == ["CAP_CHOWN", "CAP_NET_ADMIN"])
        #expect(drop == ["ALL"])
    }

    @Test func copyEndpoints() {
        #expect(CopyEndpoint("web:/etc/hostname") == .container("web", "/etc/hostname"))
        #expect(CopyEndpoint("./a:b") == .local("./a:b"))
        #expect(CopyEndpoint("/tmp/x") == .local("/tmp/x"))
        #expect(CopyEndpoint("-") == .local("-"))
        #expect(CopyEndpoint.base("/etc/") == "etc")
        #expect(CopyEndpoint.base("/") == "/")
        #expect(CopyEndpoint.parent("/tmp/in.txt") == "/tmp")
        #expect(CopyEndpoint.parent("in.txt") == ".")
        #expect(CopyEndpoint.parent("/x") == "/")
    }

    @Test func pathStatHeader() {
        // {"name":"tmp","size":4096,"mode":2148532735,"mtime":"2026-01-01T00:00:00Z","linkTarget":""}
        let header = "eyJuYW1lIjoidG1wIiwic2l6ZSI6NDA5NiwibW9kZSI6MjE0ODUzMjczNSwibXRpbWUiOiIyMDI2LTAxLTAxVDAwOjAwOjAwWiIsImxpbmtUYXJnZXQiOiIifQ=="
        let stat = ContainerCopyCommand.pathStat(header)
        #expect(stat?["name"]?.string == "tmp")
        #expect(ContainerCopyCommand.isDirectory(stat))
        #expect(Base64.decode("aGk=") == Array("hi".utf8))
        #expect(Base64.decode("a b") == nil)
    }

    @Test func statusErrorsMapLikeDockerRun() {
        let notFound = ContainerRunner.statusError(EngineAPIError(statusCode: 400, message: "failed to create task: exec: \"nosuch\": executable file not found in $PATH: unknown"), command: "run")
        #expect(notFound.exitStatus == 127)
        #expect(notFound.stderrText.hasPrefix("\(CLIName.value): Error response from daemon: failed to create task"))
        #expect(notFound.stderrText.hasSuffix("\n\nRun '\(CLIName.value) run --help' for more information\n"))
        #expect(ContainerRunner.statusError(EngineAPIError(statusCode: 400, message: "exec: \"/etc\": permission denied"), command: "run").exitStatus == 126)
        #expect(ContainerRunner.statusError(EngineAPIError(statusCode: 404, message: "No such image: x:latest"), command: "run").exitStatus == 125)
        #expect(ContainerRunner.statusError(EngineAPIError(statusCode: 409, message: "Conflict. The container name \"/x\" is already in use"), command: "run").exitStatus == 125)
    }

    @Test func execConfigFromFlags() throws {
        let parsed = try ArgumentParser.parse(["-it", "-e", "A=1", "-u", "nobody", "-w", "/tmp", "web", "sh"], flags: ContainerExecCommand.spec.flags,
                                              interspersed: false, usage: "", command: "")
        let c = try ContainerExecCommand.config(parsed, consoleSize: (40, 120))
        #expect(c.tty && c.attachStdin && c.attachStdout && c.attachStderr && !c.detach)
        #expect(c.cmd == ["sh"] && c.env == ["A=1"] && c.user == "nobody" && c.workingDir == "/tmp")
        #expect(c.consoleSize == [40, 120])
        let d = try ContainerExecCommand.config(try ArgumentParser.parse(["-d", "web", "true"], flags: ContainerExecCommand.spec.flags,
                                                                         interspersed: false, usage: "", command: ""), consoleSize: nil)
        #expect(d.detach && !d.attachStdout && !d.attachStderr && d.consoleSize == nil)
    }

    @Test func updateBody() throws {
        let parsed = try ArgumentParser.parse(["-m", "64m", "--memory-swap", "128m", "--restart", "on-failure:2", "--pids-limit", "10", "c"],
                                              flags: ContainerUpdateCommand.spec.flags, interspersed: true, usage: "", command: "")
        let u = try ContainerUpdateCommand.request(parsed, usage: "", command: "")
        #expect(u.memory == 67_108_864 && u.memorySwap == 134_217_728 && u.pidsLimit == 10)
        #expect(u.restartPolicy == RestartPolicy(name: "on-failure", maximumRetryCount: 2))
        let none = try ArgumentParser.parse(["c"], flags: ContainerUpdateCommand.spec.flags, interspersed: true, usage: "", command: "")
        #expect(throws: CLIError.self) { try ContainerUpdateCommand.request(none, usage: "", command: "") }
    }

    @Test func commitAndImportQueries() throws {
        let parsed = try ArgumentParser.parse(["-c", "ENV FOO=bar", "-m", "msg", "--pause=false", "web", "x:v1"],
                                              flags: ContainerCommitCommand.spec.flags, interspersed: true, usage: "", command: "")
        #expect(try ContainerCommitCommand.query(parsed).encoded
            == "author=&changes=ENV+FOO%3Dbar&comment=msg&container=web&pause=0&repo=docker.io%2Flibrary%2Fx&tag=v1")
        #expect(ImageImportCommand.query(source: "-", repository: "x:1", changes: ["CMD [\"/bin/sh\"]"], message: nil, platform: nil).encoded
            == "changes=CMD+%5B%22%2Fbin%2Fsh%22%5D&fromSrc=-&repo=x%3A1")
    }

    @Test func logsQuery() throws {
        let parsed = try ArgumentParser.parse(["-t", "--tail", "2", "--since", "1700000000", "-f", "c"], flags: ContainerLogsCommand.spec.flags,
                                              interspersed: true, usage: "", command: "")
        #expect(try ContainerLogsCommand.query(parsed, now: 1_800_000_000).encoded
            == "follow=1&since=1700000000&stderr=1&stdout=1&tail=2&timestamps=1")
    }
}
