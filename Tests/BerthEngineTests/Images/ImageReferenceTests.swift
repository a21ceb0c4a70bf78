import BerthRegistry
import BerthCore
@testable import BerthEngine
import BerthOCI
import Testing

/// Reference parsing, `changes` instructions and list filters: the pure parts of the image endpoints.
struct ImageReferenceTests {
    @Test(arguments: [
        ("busybox", "busybox:latest"), ("busybox:1.36", "busybox:1.36"), ("docker.io/library/busybox", "busybox:latest"),
        ("library/busybox:x", "busybox:x"), ("docker.io/team/app:v1", "team/app:v1"), ("localhost:5000/a/b", "localhost:5000/a/b:latest"),
        ("reg.example.com/x__y/z-1.2:Tag_1", "reg.example.com/x__y/z-1.2:Tag_1"),
    ])
    func familiarForms(_ text: String, _ expected: String) throws {
        #expect(try ImageReference(parsing: text).description == expected)
    }

    @Test(arguments: ["", "Busybox", "a//b", "-a", "a-", "a:", "a:-x", "a:" + String(repeating: "t", count: 129), "a@sha256:zz", "a b"])
    func invalidReferences(_ text: String) {
        #expect(throws: BerthError.self) { try ImageReference(parsing: text) }
    }

    @Test func uppercaseRepositoryNamesIt() {
        #expect {
            try ImageReference(parsing: "Team/App")
        } throws: { error in
            (error as? BerthError)?.message == "invalid reference format: repository name (Team/App) must be lowercase"
        }
    }

    @Test func repositoryAndTagAsTheTagEndpointTakesThem() throws {
        #expect(try ImageReference(repository: "docker.io/library/x", tag: "1").description == "x:1")
        #expect(try ImageReference(repository: "x:2", tag: "").description == "x:2")
        #expect(throws: BerthError.self) { try ImageReference(repository: "x", tag: "bad tag") }
        #expect(try ImageReference(parsing: "x@sha256:" + String(repeating: "a", count: 64)).isTagged == false)
    }

    @Test func changesApplyDockerfileInstructions() throws {
        var config = ImageConfig.ExecutionConfig(env: ["PATH=/bin", "A=old"], cmd: ["sh"])
        try DockerfileChanges.apply([
            "ENV A=new B=\"two words\"", "ENV LEGACY value with spaces", "CMD echo hi", "EXPOSE 80 53/udp", "LABEL a=b 'c d'=e",
            "USER nobody", "WORKDIR /srv", "WORKDIR app", "VOLUME [\"/data\"]", "VOLUME /logs /cache", "STOPSIGNAL SIGINT",
        ], to: &config)
        #expect(config.env == ["PATH=/bin", "A=new", "B=two words", "LEGACY=value with spaces"])
        #expect(config.cmd == ["/bin/sh", "-c", "echo hi"])
        #expect(Set(config.exposedPorts?.keys ?? [:].keys) == ["80/tcp", "53/udp"])
        #expect(config.labels == ["a": "b", "c d": "e"])
        #expect(config.user == "nobody")
        #expect(config.workingDir == "/srv/app")
        #expect(Set(config.volumes?.keys ?? [:].keys) == ["/data", "/logs", "/cache"])
        #expect(config.stopSignal == "SIGINT")
        try DockerfileChanges.apply(["ENTRYPOINT [\"/bin/app\"]"], to: &config)
        #expect(config.entrypoint == ["/bin/app"])
        #expect(config.cmd == nil)
        for bad in ["RUN true", "FROM x", "EXPOSE http", "ENV =x", "LABEL \"unterminated"] {
            #expect(throws: BerthError.self) { try DockerfileChanges.apply([bad], to: &config) }
        }
    }

    @Test func commitConfigMergesAsDockerd() {
        let inherited = ImageConfig.ExecutionConfig(user: "app", env: ["PATH=/bin", "A=1"], cmd: ["sh"], workingDir: "/w", labels: ["x": "1"])
        var user = ImageConfig.ExecutionConfig(env: ["A=2"], labels: ["y": "2"])
        var merged = ImageCommitter.merge(user, inheriting: inherited)
        #expect(merged.env == ["A=2", "PATH=/bin"])
        #expect(merged.cmd == ["sh"])
        #expect(merged.user == "app")
        #expect(merged.workingDir == "/w")
        #expect(merged.labels == ["x": "1", "y": "2"])
        user.entrypoint = ["/bin/app"]
        merged = ImageCommitter.merge(user, inheriting: inherited)
        #expect(merged.cmd == nil)
        #expect(merged.entrypoint == ["/bin/app"])
    }

    @Test func referenceFilterGlobsLikePathMatch() {
        #expect(ImageListFilter.referenceMatches("busybox", "busybox:latest"))
        #expect(ImageListFilter.referenceMatches("busy*", "busybox:1"))
        #expect(ImageListFilter.referenceMatches("busybox:1*", "busybox:1.36"))
        #expect(!ImageListFilter.referenceMatches("busybox:2", "busybox:1"))
        #expect(!ImageListFilter.referenceMatches("team*", "team/app:1"))
        #expect(ImageListFilter.referenceMatches("team/*", "team/app:1"))
    }

    @Test func untilAcceptsTimestampsAndDurations() {
        #expect(ImageListFilter.timestamp("1700000000", now: 0) == 1_700_000_000)
        #expect(ImageListFilter.timestamp("2023-11-14T22:13:20Z", now: 0) == 1_700_000_000)
        let duration: Int64? = ImageListFilter.timestamp("1h30m", now: 10_000)
        #expect(duration == Int64(4600), "\(String(describing: duration))")
        #expect(ImageListFilter.timestamp("soon", now: 0) == nil)
    }
}
