import BerthEngine
import BerthEngineAPI
import Foundation
import Testing

/// ImageCommitter against a real supervisor: a crafted overlay upper directory (a modified file, a
/// new one, a 0:0 whiteout, an opaque directory) committed on top of busybox, then read back
/// through berthd with the docker CLI.
@Suite("ImageCommitter", .serialized, .enabled(if: DaemonHarness.available && DaemonHarness.docker != nil,
                                              "needs the daemon harness and the docker CLI"))
struct ImageCommitterTests {
    func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    func craftUpper(_ base: String) throws -> String {
        let upper = base + "/upper"
        for dir in ["etc", "bin", "var/spool"] { try FileManager.default.createDirectory(atPath: upper + "/" + dir, withIntermediateDirectories: true) }
        FileManager.default.createFile(atPath: upper + "/etc/motd", contents: Data("committed\n".utf8))
        FileManager.default.createFile(atPath: upper + "/hello", contents: Data("hi\n".utf8))
        #expect(mknod(upper + "/bin/true", S_IFCHR, 0) == 0)
        FileManager.default.createFile(atPath: upper + "/var/spool/only", contents: Data("x".utf8))
        let opaque = Process()
        opaque.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        opaque.arguments = ["-c", "import os,sys; os.setxattr(sys.argv[1], 'trusted.overlay.opaque', b'y')", upper + "/var/spool"]
        try opaque.run()
        opaque.waitUntilExit()
        return upper
    }

    @Test func commitAddsALayerConfigAndHistory() async throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let upper = try craftUpper(daemon.base)
        let link = try SupervisorLink(socketPath: daemon.supervisorSocket)
        defer { link.close() }
        var container = ContainerConfig()
        container.cmd = ["sh", "-c", "echo hi > /hello"]
        container.env = ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"]
        container.labels = ["from": "container"]
        let committer = ImageCommitter(link: link, scratchDirectory: daemon.base + "/scratch")
        let id = try await committer.commit(ImageCommitter.Request(
            parentImage: "busybox", layer: .overlay(upper: upper, lowers: []), reference: "committed:1", author: "tester",
            comment: "a commit", containerConfig: container, changes: ["ENV MODE=test", "LABEL stage=two"]))
        #expect(id.hasPrefix("sha256:"))

        let inspect = try daemon.docker(["image", "inspect", "--format",
                                         "{{.Id}} {{len .RootFS.Layers}} {{.Author}} {{json .Config.Env}} {{json .Config.Cmd}} {{json .Config.Labels}}",
                                         "committed:1"])
        #expect(trimmed(inspect.stdout) == "\(id) 2 tester [\"MODE=test\",\"PATH=/usr/sbin:/usr/bin:/sbin:/bin\"] [\"sh\",\"-c\",\"echo hi > /hello\"] {\"from\":\"container\",\"stage\":\"two\"}",
                "\(inspect.stdout) \(inspect.stderr)")
        let history = try daemon.docker(["history", "--no-trunc", "--format", "{{.ID}}|{{.CreatedBy}}|{{.Comment}}", "committed:1"])
        let rows = history.stdout.split(separator: "\n").map(String.init)
        #expect(rows.count == 2, "\(history.stdout) \(history.stderr)")
        #expect(rows.first == "\(id)|sh -c echo hi > /hello|a commit")

        // The layer carries OCI whiteouts, and the image unpacked (a container could run it).
        let archive = daemon.base + "/committed.tar"
        #expect(try daemon.docker(["save", "-o", archive, "committed:1"]).status == 0)
        let top = try daemon.run("/bin/sh", ["-c", "tar -xOf \(archive) manifest.json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0][\"Layers\"][-1])'"])
        let layer = try daemon.run("/bin/sh", ["-c", "tar -xOf \(archive) \(trimmed(top.stdout)) | tar -t"])
        let names = layer.stdout.split(separator: "\n").map(String.init)
        #expect(names == ["bin/", "bin/.wh.true", "etc/", "etc/motd", "hello", "var/", "var/spool/", "var/spool/.wh..wh..opq", "var/spool/only"],
                "\(layer.stdout) \(layer.stderr)")

        // Without a name the image is dangling; an empty upper directory adds no layer.
        let empty = daemon.base + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let danglingID = try await committer.commit(ImageCommitter.Request(
            parentImage: id, layer: .overlay(upper: empty, lowers: []), containerConfig: container))
        let listed = try daemon.docker(["images", "--filter", "dangling=true", "--format", "{{.ID}}"])
        #expect(trimmed(listed.stdout) == String(danglingID.dropFirst(7).prefix(12)))
        let layers = try daemon.docker(["image", "inspect", "--format", "{{len .RootFS.Layers}}", danglingID])
        #expect(trimmed(layers.stdout) == "2")

        // Bad input is refused before anything is written.
        await #expect(throws: (any Error).self) {
            _ = try await committer.commit(ImageCommitter.Request(parentImage: "busybox", layer: .overlay(upper: upper, lowers: []),
                                                                  reference: "Bad:1", containerConfig: container))
        }
        await #expect(throws: (any Error).self) {
            _ = try await committer.commit(ImageCommitter.Request(parentImage: "busybox", layer: .overlay(upper: upper, lowers: []),
                                                                  containerConfig: container, changes: ["RUN true"]))
        }
        let count = try daemon.docker(["images", "-q"])
        #expect(count.stdout.split(separator: "\n").count == 3)
    }

    /// A container run by berth-ctr changes its overlay snapshot; its changes and commit come from
    /// the snapshot's mounts as the supervisor reports them.
    @Test func changesAndCommitFromARealContainerSnapshot() async throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let environment = ["BERTH_SUPERVISOR_ADDRESS": daemon.supervisorSocket, "BERTH_NAMESPACE": "berth"]
        let run = try daemon.run(DaemonHarness.ctrBin, ["run", "busybox:latest", "c2", "sh", "-c", "echo hi > /hello && rm /bin/true && mkdir -p /var/lib/x"],
                                 environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        defer {
            _ = try? daemon.run(DaemonHarness.ctrBin, ["tasks", "delete", "c2"], environment: environment)
            _ = try? daemon.run(DaemonHarness.ctrBin, ["containers", "rm", "c2"], environment: environment)
        }
        let link = try SupervisorLink(socketPath: daemon.supervisorSocket)
        defer { link.close() }
        let committer = ImageCommitter(link: link, scratchDirectory: daemon.base + "/scratch")
        let source = try await committer.layerSource(key: "c2")
        let changes = try ImageCommitter.changes(source).map(\.description)
        #expect(changes == ["C /bin", "D /bin/true", "A /hello", "C /var", "A /var/lib", "A /var/lib/x"], "\(changes)")

        var container = ContainerConfig()
        container.cmd = ["sh"]
        let id = try await committer.commit(ImageCommitter.Request(parentImage: "busybox", layer: source, reference: "fromrun:1",
                                                                  containerConfig: container))
        let check = try daemon.run(DaemonHarness.ctrBin, ["run", "--rm", "fromrun:1", "c3", "sh", "-c", "cat /hello; test -e /bin/true || echo gone"],
                                   environment: environment)
        #expect(check.stdout == "hi\ngone\n", "\(check.stdout) \(check.stderr)")
        #expect(trimmed(try daemon.docker(["image", "inspect", "--format", "{{.Id}}", "fromrun:1"]).stdout) == id)
    }
}
