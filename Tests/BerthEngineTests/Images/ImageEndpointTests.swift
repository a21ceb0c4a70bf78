import Foundation
import Testing

/// berthd's image endpoints driven by the real docker CLI 28 (and curl for raw answers).
@Suite("berthd image endpoints", .serialized, .enabled(if: DaemonHarness.available && DaemonHarness.docker != nil,
                                                         "needs the daemon harness and the docker CLI"))
struct ImageEndpointTests {
    func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    func curl(_ daemon: DaemonHarness, _ arguments: [String]) throws -> DaemonHarness.Result {
        try daemon.run("/usr/bin/curl", ["-s", "--unix-socket", daemon.engineSocket] + arguments)
    }

    func listed(_ daemon: DaemonHarness) throws -> [String] {
        lines(try daemon.docker(["images", "--format", "{{.Repository}}:{{.Tag}}"]).stdout).sorted()
    }

    @Test func tagAndRemoveFollowDockerRules() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let tag = try daemon.docker(["tag", "busybox", "team/app:1"])
        #expect(tag.status == 0, "\(tag.stderr)")
        #expect(try listed(daemon) == ["busybox:latest", "team/app:1"])
        let id = trimmed(try daemon.docker(["image", "inspect", "--format", "{{.Id}}", "team/app:1"]).stdout)
        #expect(id == trimmed(try daemon.docker(["image", "inspect", "--format", "{{.Id}}", "busybox"]).stdout))
        let short = String(id.dropFirst(7).prefix(12))

        let byID = try daemon.docker(["rmi", short])
        #expect(byID.status == 1)
        #expect(byID.stderr.contains("conflict: unable to delete \(short) (must be forced) - image is referenced in multiple repositories"), "\(byID.stderr)")

        let untag = try daemon.docker(["rmi", "team/app:1"])
        #expect(untag.status == 0, "\(untag.stderr)")
        #expect(trimmed(untag.stdout) == "Untagged: team/app:1")
        #expect(try listed(daemon) == ["busybox:latest"])

        let missing = try daemon.docker(["rmi", "nosuch:1"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("No such image: nosuch:1"), "\(missing.stderr)")
        let raw = try curl(daemon, ["-w", "%{http_code}", "-X", "DELETE", "http://localhost/v1.50/images/nosuch"])
        #expect(raw.stdout == "{\"message\":\"No such image: nosuch:latest\"}\n404")

        let bad = try curl(daemon, ["-w", "%{http_code}", "-X", "POST", "http://localhost/v1.50/images/busybox/tag?repo=Bad/Name&tag=1"])
        #expect(raw.status == 0)
        #expect(bad.stdout.hasSuffix("400"), "\(bad.stdout)")
        #expect(bad.stdout.contains("invalid reference format: repository name (Bad/Name) must be lowercase"), "\(bad.stdout)")
        let badTag = try daemon.docker(["tag", "busybox", "ok:-bad"])
        #expect(badTag.status != 0)
        let tagMissing = try daemon.docker(["tag", "nosuch", "x:1"])
        #expect(tagMissing.stderr.contains("No such image: nosuch"), "\(tagMissing.stderr)")

        let rmi = try daemon.docker(["rmi", "busybox"])
        #expect(rmi.status == 0, "\(rmi.stderr)")
        #expect(lines(rmi.stdout) == ["Untagged: busybox:latest", "Deleted: \(id)"])
        #expect(try listed(daemon).isEmpty)
    }

    @Test func retaggingLeavesADanglingImageThatPruneRemoves() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let tarball = daemon.base + "/rootfs.tar"
        let first = try daemon.docker(["import", tarball, "imp:1"])
        #expect(first.status == 0, "\(first.stderr)")
        // The second import takes the name: the first image stays, untagged.
        let second = try daemon.docker(["import", "-m", "again", tarball, "imp:1"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(trimmed(first.stdout) != trimmed(second.stdout))
        let dangling = try daemon.docker(["images", "--filter", "dangling=true", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"])
        #expect(lines(dangling.stdout) == ["<none>:<none> \(trimmed(first.stdout).dropFirst(7).prefix(12))"], "\(dangling.stdout)")
        let named = try daemon.docker(["images", "--filter", "dangling=false", "--format", "{{.Repository}}:{{.Tag}}"])
        #expect(lines(named.stdout).sorted() == ["busybox:latest", "imp:1"])
        let reference = try daemon.docker(["images", "--filter", "reference=imp", "--format", "{{.Repository}}:{{.Tag}}"])
        #expect(lines(reference.stdout) == ["imp:1"])

        let prune = try daemon.docker(["image", "prune", "-f"])
        #expect(prune.status == 0, "\(prune.stderr)")
        #expect(prune.stdout.contains("deleted: \(trimmed(first.stdout))"), "\(prune.stdout)")
        #expect(try listed(daemon) == ["busybox:latest", "imp:1"])
        let again = try curl(daemon, ["-X", "POST", "http://localhost/v1.50/images/prune"])
        #expect(again.stdout.hasPrefix("{\"ImagesDeleted\":null,\"SpaceReclaimed\":0}"), "\(again.stdout)")

        // dangling=false removes every image no container uses.
        let all = try daemon.docker(["image", "prune", "-a", "-f"])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.contains("untagged: imp:1"), "\(all.stdout)")
        #expect(try listed(daemon).isEmpty)
        let badFilter = try curl(daemon, ["-w", "%{http_code}", "-X", "POST", "http://localhost/v1.50/images/prune?filters=%7B%22nope%22%3A%5B%22x%22%5D%7D"])
        #expect(badFilter.stdout.hasSuffix("400"), "\(badFilter.stdout)")
    }

    @Test func historyListsTheConfigHistoryNewestFirst() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let imported = try daemon.docker(["import", "-m", "second layer", daemon.base + "/rootfs.tar", "hist:1"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let history = try daemon.docker(["history", "--no-trunc", "--format", "{{.ID}}|{{.Comment}}", "hist:1"])
        #expect(history.status == 0, "\(history.stderr)")
        #expect(lines(history.stdout) == ["\(trimmed(imported.stdout))|second layer"], "\(history.stdout)")
        let raw = try curl(daemon, ["http://localhost/v1.50/images/busybox/history"])
        #expect(raw.stdout.contains("\"Tags\":[\"busybox:latest\"]"), "\(raw.stdout)")
        #expect(raw.stdout.contains("\"CreatedBy\":\"berth import\""), "\(raw.stdout)")
        let missing = try daemon.docker(["history", "nosuch"])
        #expect(missing.stderr.contains("No such image: nosuch"), "\(missing.stderr)")
    }

    @Test func saveAndLoadRoundTrip() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let id = trimmed(try daemon.docker(["image", "inspect", "--format", "{{.Id}}", "busybox"]).stdout)
        let archive = daemon.base + "/busybox.tar"
        let save = try daemon.docker(["save", "-o", archive, "busybox"])
        #expect(save.status == 0, "\(save.stderr)")
        let manifest = try daemon.run("/bin/tar", ["-xOf", archive, "manifest.json"])
        #expect(manifest.stdout.contains("\"RepoTags\":[\"busybox:latest\"]"), "\(manifest.stdout)")

        #expect(try daemon.docker(["rmi", "busybox"]).status == 0)
        let load = try daemon.docker(["load", "-i", archive])
        #expect(load.status == 0, "\(load.stderr)")
        #expect(trimmed(load.stdout) == "Loaded image: busybox:latest")
        #expect(trimmed(try daemon.docker(["image", "inspect", "--format", "{{.Id}}", "busybox"]).stdout) == id)

        // gzip-compressed, through stdin (docker load < f.tar.gz).
        _ = try daemon.run("/bin/sh", ["-c", "gzip -c \(archive) > \(archive).gz"])
        #expect(try daemon.docker(["rmi", "busybox"]).status == 0)
        let gz = try daemon.run("/bin/sh", ["-c", "\(DaemonHarness.docker ?? "docker") -H \(daemon.host) load < \(archive).gz"])
        #expect(gz.status == 0, "\(gz.stderr)")
        #expect(trimmed(gz.stdout) == "Loaded image: busybox:latest")

        // Two names in one archive; by id, no name at all (loads as dangling).
        #expect(try daemon.docker(["tag", "busybox", "other:2"]).status == 0)
        let two = daemon.base + "/two.tar"
        let saveTwo = try daemon.docker(["save", "-o", two, "busybox", "other:2"])
        #expect(saveTwo.status == 0, "\(saveTwo.stderr)")
        let twoManifest = try daemon.run("/bin/tar", ["-xOf", two, "manifest.json"]).stdout
        #expect(twoManifest.contains("\"RepoTags\":[\"busybox:latest\",\"other:2\"]"), "\(twoManifest)")
        let repositories = try daemon.run("/bin/tar", ["-xOf", two, "repositories"]).stdout
        #expect(repositories.contains("\"other\":{\"2\":"), "\(repositories)")
        let byID = daemon.base + "/byid.tar"
        #expect(try daemon.docker(["save", "-o", byID, String(id.dropFirst(7).prefix(12))]).status == 0)
        #expect(try daemon.docker(["rmi", "-f", String(id.dropFirst(7).prefix(12))]).status == 0)
        let loadID = try daemon.docker(["load", "-i", byID])
        #expect(loadID.status == 0, "\(loadID.stderr)")
        #expect(trimmed(loadID.stdout) == "Loaded image ID: \(id)")
        #expect(lines(try daemon.docker(["images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"]).stdout) == ["<none>:<none> \(id.dropFirst(7).prefix(12))"])
        let loadTwo = try daemon.docker(["load", "-i", two])
        #expect(lines(loadTwo.stdout).sorted() == ["Loaded image: busybox:latest", "Loaded image: other:2"], "\(loadTwo.stdout) \(loadTwo.stderr)")
        #expect(try listed(daemon) == ["busybox:latest", "other:2"])

        let missing = try daemon.docker(["save", "-o", daemon.base + "/x.tar", "busybox", "nosuch"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("No such image: nosuch"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: daemon.base + "/x.tar"))
    }

    @Test func loadRefusesGarbageCleanly() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        let garbage = daemon.base + "/garbage.tar"
        FileManager.default.createFile(atPath: garbage, contents: Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7) }))
        let raw = try curl(daemon, ["-w", "%{http_code}", "-X", "POST", "-H", "Content-Type: application/x-tar",
                                    "--data-binary", "@" + garbage, "http://localhost/v1.50/images/load?quiet=1"])
        #expect(raw.stdout.hasSuffix("400"), "\(raw.stdout)")
        #expect(raw.stdout.hasPrefix("{\"message\":"), "\(raw.stdout)")
        let cli = try daemon.docker(["load", "-i", garbage])
        #expect(cli.status == 1)
        #expect(!cli.stderr.isEmpty)
        // A rootfs tarball is not an image archive either.
        _ = try daemon.run("/bin/tar", ["-C", DaemonHarness.rootfs, "-cf", daemon.base + "/rootfs.tar", "."])
        let rootfs = try daemon.docker(["load", "-i", daemon.base + "/rootfs.tar"])
        #expect(rootfs.status == 1)
        #expect(rootfs.stderr.contains("neither an OCI image layout"), "\(rootfs.stderr)")
        let importGarbage = try daemon.docker(["import", garbage, "junk:1"])
        #expect(importGarbage.status == 1)
        #expect(try listed(daemon).isEmpty)
        let raws = try curl(daemon, ["http://localhost/v1.50/images/json"])
        #expect(trimmed(raws.stdout) == "[]")
    }

    @Test func importAppliesChangesAndMessage() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        let tarball = daemon.base + "/rootfs.tar"
        _ = try daemon.run("/bin/tar", ["-C", DaemonHarness.rootfs, "-czf", tarball, "."])
        let imported = try daemon.docker(["import", "-c", "CMD [\"/bin/sh\"]", "-c", "ENV A=1 B=\"two words\"", "-c", "EXPOSE 80",
                                          "-c", "WORKDIR /srv", "-c", "LABEL team=core", "-m", "from a tarball", tarball, "imp:1"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(trimmed(imported.stdout).hasPrefix("sha256:"))
        let inspect = try daemon.docker(["image", "inspect", "--format",
                                         "{{json .Config.Cmd}} {{json .Config.Env}} {{json .Config.ExposedPorts}} {{.Config.WorkingDir}} {{.Config.Labels.team}} {{.Comment}} {{.Id}}",
                                         "imp:1"])
        #expect(trimmed(inspect.stdout) == "[\"/bin/sh\"] [\"A=1\",\"B=two words\"] {\"80/tcp\":{}} /srv core from a tarball \(trimmed(imported.stdout))",
                "\(inspect.stdout) \(inspect.stderr)")
        let bad = try daemon.docker(["import", "-c", "RUN echo hi", tarball, "imp:2"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("run is not a valid change command"), "\(bad.stderr)")
        let untagged = try daemon.docker(["import", tarball])
        #expect(untagged.status == 0, "\(untagged.stderr)")
        let history = try daemon.docker(["history", "--format", "{{.Comment}}", trimmed(untagged.stdout)])
        #expect(trimmed(history.stdout) == "Imported from -", "\(history.stdout) \(history.stderr)")
    }

    @Test func containersUsingAnImageBlockItsRemoval() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let ctr = { (arguments: [String]) throws -> DaemonHarness.Result in
            try daemon.run(DaemonHarness.ctrBin, arguments, environment: ["BERTH_SUPERVISOR_ADDRESS": daemon.supervisorSocket, "BERTH_NAMESPACE": "berth"])
        }
        let started = try ctr(["run", "-d", "busybox:latest", "c1", "sleep", "100"])
        #expect(started.status == 0, "\(started.stderr)")
        defer {
            // The shim outlives the daemons unless its task and container are deleted.
            _ = try? ctr(["tasks", "kill", "-s", "SIGKILL", "c1"])
            for _ in 0..<50 {
                if (try? ctr(["tasks", "delete", "c1"]))?.status == 0 { break }
                usleep(100_000)
            }
            _ = try? ctr(["containers", "rm", "c1"])
        }
        let id = trimmed(try daemon.docker(["image", "inspect", "--format", "{{.Id}}", "busybox"]).stdout)
        let short = String(id.dropFirst(7).prefix(12))
        #expect(try daemon.docker(["tag", "busybox", "extra:1"]).status == 0)

        let running = try daemon.docker(["rmi", "-f", short])
        #expect(running.stderr.contains("conflict: unable to delete \(short) (cannot be forced) - image is being used by running container c1"), "\(running.stderr)")
        #expect(trimmed(try daemon.docker(["rmi", "extra:1"]).stdout) == "Untagged: extra:1")
        let last = try daemon.docker(["rmi", "busybox"])
        #expect(last.stderr.contains("conflict: unable to remove repository reference \"busybox:latest\" (must force) - container c1 is using its referenced image \(short)"), "\(last.stderr)")

        #expect(try ctr(["tasks", "kill", "-s", "SIGKILL", "c1"]).status == 0)
        var stopped = try daemon.docker(["rmi", short])
        for _ in 0..<50 where stopped.stderr.contains("running container") {
            usleep(100_000)
            stopped = try daemon.docker(["rmi", short])
        }
        #expect(stopped.stderr.contains("conflict: unable to delete \(short) (must be forced) - image is being used by stopped container c1"), "\(stopped.stderr)")

        // Forced, the name goes but the image stays (dangling) while the container needs it; prune keeps it.
        let forced = try daemon.docker(["rmi", "-f", "busybox"])
        #expect(trimmed(forced.stdout) == "Untagged: busybox:latest", "\(forced.stdout) \(forced.stderr)")
        #expect(try listed(daemon) == ["<none>:<none>"])
        #expect(try daemon.docker(["image", "prune", "-a", "-f"]).status == 0)
        #expect(try listed(daemon) == ["<none>:<none>"])
    }

    /// `docker save busybox | docker load`, and an OCI layout as docker 25+ saves it (index.json naming
    /// `docker.io/library/busybox:latest`): stored and shown in familiar form, one name per image.
    @Test func pipedRoundTripAndOCILayoutNames() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let docker = "\(DaemonHarness.docker ?? "docker") -H \(daemon.host)"
        let piped = try daemon.run("/bin/sh", ["-c", "\(docker) save busybox | \(docker) load"])
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(trimmed(piped.stdout) == "Loaded image: busybox:latest")

        let oci = daemon.base + "/oci.tar"
        let export = try daemon.run(DaemonHarness.ctrBin, ["images", "export", "--format", "oci", oci, "busybox:latest"],
                                    environment: ["BERTH_SUPERVISOR_ADDRESS": daemon.supervisorSocket, "BERTH_NAMESPACE": "berth"])
        #expect(export.status == 0, "\(export.stderr)")
        let script = """
        import io, json, sys, tarfile
        src, dst = sys.argv[1], sys.argv[2]
        with tarfile.open(src) as tin, tarfile.open(dst, "w") as tout:
            for member in tin.getmembers():
                data = tin.extractfile(member).read() if member.isfile() else None
                if member.name == "index.json":
                    index = json.loads(data)
                    for m in index["manifests"]:
                        m["annotations"] = {"io.containerd.image.name": "docker.io/library/busybox:latest", "org.opencontainers.image.ref.name": "latest"}
                    data = json.dumps(index).encode()
                    member.size = len(data)
                tout.addfile(member, io.BytesIO(data) if data is not None else None)
        """
        let rewritten = daemon.base + "/oci-docker.tar"
        let python = try daemon.run("/usr/bin/python3", ["-c", script, oci, rewritten])
        #expect(python.status == 0, "\(python.stderr)")
        #expect(try daemon.docker(["tag", "busybox", "keep:1"]).status == 0)
        let load = try daemon.docker(["load", "-i", rewritten])
        #expect(trimmed(load.stdout) == "Loaded image: busybox:latest", "\(load.stdout) \(load.stderr)")
        #expect(try listed(daemon) == ["busybox:latest", "keep:1"])
        let untag = try daemon.docker(["rmi", "busybox"])
        #expect(trimmed(untag.stdout) == "Untagged: busybox:latest", "\(untag.stdout) \(untag.stderr)")
        #expect(try listed(daemon) == ["keep:1"])
    }
}
