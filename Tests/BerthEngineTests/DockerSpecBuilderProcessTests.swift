import BerthCore
import BerthLinux
import BerthOCI
import Testing

@testable import BerthEngine

@Suite struct DockerSpecBuilderProcessTests {
    struct CommandCase: CustomTestStringConvertible, Sendable {
        var imageEntrypoint: [String]?
        var imageCmd: [String]?
        var entrypoint: [String]?
        var cmd: [String]?
        var expected: [String]?
        var testDescription: String { "image \(imageEntrypoint ?? [])+\(imageCmd ?? []), run \(entrypoint.map { "\($0)" } ?? "nil")+\(cmd ?? [])" }
    }

    /// docker run semantics (moby merge + getEntrypointAndArgs).
    @Test(arguments: [
        CommandCase(imageEntrypoint: nil, imageCmd: ["sh"], entrypoint: nil, cmd: nil, expected: ["sh"]),
        CommandCase(imageEntrypoint: nil, imageCmd: ["sh"], entrypoint: nil, cmd: ["echo", "hi"], expected: ["echo", "hi"]),
        CommandCase(imageEntrypoint: ["/entry"], imageCmd: ["--default"], entrypoint: nil, cmd: nil, expected: ["/entry", "--default"]),
        CommandCase(imageEntrypoint: ["/entry"], imageCmd: ["--default"], entrypoint: nil, cmd: ["--mine"], expected: ["/entry", "--mine"]),
        // --entrypoint drops the image's Cmd.
        CommandCase(imageEntrypoint: ["/entry"], imageCmd: ["--default"], entrypoint: ["/bin/other"], cmd: nil, expected: ["/bin/other"]),
        CommandCase(imageEntrypoint: ["/entry"], imageCmd: ["--default"], entrypoint: ["/bin/other"], cmd: ["x"], expected: ["/bin/other", "x"]),
        // --entrypoint "" clears the image's entrypoint but keeps its Cmd.
        CommandCase(imageEntrypoint: ["/entry"], imageCmd: ["--default"], entrypoint: [], cmd: nil, expected: ["--default"]),
        CommandCase(imageEntrypoint: ["/entry"], imageCmd: nil, entrypoint: [], cmd: ["ls"], expected: ["ls"]),
        CommandCase(imageEntrypoint: nil, imageCmd: nil, entrypoint: nil, cmd: nil, expected: nil),
        CommandCase(imageEntrypoint: ["/entry"], imageCmd: nil, entrypoint: [], cmd: nil, expected: nil),
    ])
    func entrypointAndCmdMerge(_ c: CommandCase) throws {
        let image = ImageConfig.ExecutionConfig(entrypoint: c.imageEntrypoint, cmd: c.imageCmd)
        if let expected = c.expected {
            #expect(try DockerSpecBuilder.command(entrypoint: c.entrypoint, cmd: c.cmd, image: image) == expected)
        } else {
            #expect(EngineTestSupport.errorMessage { _ = try DockerSpecBuilder.command(entrypoint: c.entrypoint, cmd: c.cmd, image: image) }
                        == "no command specified")
        }
    }

    @Test func environmentMerge() {
        let env = DockerSpecBuilder.environment(
            user: ["FOO=user", "NEW=1", "DROP", "NEW=2"],
            image: ["PATH=/image/bin", "FOO=image", "KEEP=yes", "DROP=gone"], hostname: "web", tty: true)
        #expect(env == ["PATH=/image/bin", "HOSTNAME=web", "TERM=xterm", "FOO=user", "NEW=2", "KEEP=yes"])
        // A user HOSTNAME wins over the generated one.
        #expect(DockerSpecBuilder.environment(user: ["HOSTNAME=x"], image: [], hostname: "web", tty: false)
                    == ["PATH=" + DockerDefaults.pathEnv, "HOSTNAME=x"])
    }

    @Test func workingDirectory() throws {
        let rootfs = try EngineTestSupport.makeRootfs()
        defer { EngineTestSupport.remove(rootfs) }
        var input = ContainerSpecInput(id: EngineTestSupport.containerID)
        input.workingDir = "/srv/app/../data"
        let spec = try DockerSpecBuilder(environment: EngineTestSupport.environment(rootfs: rootfs)).build(container: input, image: EngineTestSupport.busybox)
        #expect(spec.process?.cwd == "/srv/data")
        #expect(FileIO.isDirectory(rootfs + "/srv/data"))
        let fromImage = try EngineTestSupport.build(image: ImageConfig.ExecutionConfig(cmd: ["sh"], workingDir: "/app"))
        #expect(fromImage.process?.cwd == "/app")
        #expect(EngineTestSupport.errorMessage { _ = try EngineTestSupport.build { $0.workingDir = "relative" } }
                    == "the working directory 'relative' is invalid, it needs to be an absolute path")
    }

    @Test func hostnameAndDomainname() throws {
        let spec = try EngineTestSupport.build { $0.hostname = "web"; $0.domainname = "example.org" }
        #expect(spec.hostname == "web")
        #expect(spec.domainname == "example.org")
        #expect(spec.process?.env?.contains("HOSTNAME=web") == true)
        let hostNet = try EngineTestSupport.build { $0.networkMode = "host" }
        #expect(hostNet.hostname == "buildhost")
        let hostUTS = try EngineTestSupport.build { $0.utsMode = "host" }
        #expect(hostUTS.hostname == nil)
        #expect(hostUTS.linux?.namespaces?.contains { $0.type == .uts } == false)
    }

    @Test func initWrapsTheCommand() throws {
        let spec = try EngineTestSupport.build({ $0.initProcess = true; $0.cmd = ["top"] }, environment: { $0.initBinaryPath = "/usr/libexec/berth-init" })
        #expect(spec.process?.args == ["/sbin/docker-init", "--", "top"])
        let mount = try #require(spec.mounts?.first { $0.destination == "/sbin/docker-init" })
        #expect(mount == Mount(destination: "/sbin/docker-init", type: "bind", source: "/usr/libexec/berth-init", options: ["bind", "ro"]))
        // Not in a shared pid namespace (there already is an init there).
        let shared = try EngineTestSupport.build({ $0.initProcess = true; $0.pidMode = "host" }, environment: { $0.initBinaryPath = "/x" })
        #expect(shared.process?.args == ["sh"])
        #expect(EngineTestSupport.errorMessage { _ = try EngineTestSupport.build { $0.initProcess = true } }
                    == "--init: no init binary is configured for this daemon")
    }

    @Test func annotationsAndOOMScore() throws {
        let spec = try EngineTestSupport.build { $0.annotations = ["org.example/a": "b"]; $0.oomScoreAdj = 500 }
        #expect(spec.annotations == ["org.example/a": "b"])
        #expect(spec.process?.oomScoreAdj == 500)
    }
}
