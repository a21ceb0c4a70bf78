import Foundation
import Testing

/// Named and anonymous volumes of the `local` driver over berthd, with the real docker CLI 28: data that
/// outlives containers, `--volumes-from`, in-use refusal, anonymous volumes and their removal, copy-up
/// of image content, tmpfs volumes, filters, prune, bad input, and a berthd kill -9.
@Suite("volumes with the docker CLI", .serialized,
       .enabled(if: DaemonHarness.available && DaemonHarness.docker != nil, DaemonHarness.skipReason))
struct VolumeTests {
    static func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    static func volumeNames(_ daemon: DaemonHarness, _ extra: [String] = []) throws -> [String] {
        let ls = try daemon.docker(["volume", "ls", "-q"] + extra)
        return ls.stdout.split(separator: "\n").map(String.init).sorted()
    }

    /// The volume's directory on the host, from inspect.
    static func mountpoint(_ daemon: DaemonHarness, _ name: String) throws -> String {
        trimmed(try daemon.docker(["volume", "inspect", "-f", "{{.Mountpoint}}", name]).stdout)
    }

    @Test func namedVolumeOutlivesContainersAndIsSharedWithVolumesFrom() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let create = try daemon.docker(["volume", "create", "shared-data"])
        #expect(create.status == 0, "\(create.stderr)")
        #expect(create.stdout == "shared-data\n")

        let write = try daemon.docker(["run", "--name", "writer", "-v", "shared-data:/data", "busybox", "sh", "-c", "echo hello > /data/f"])
        #expect(write.status == 0, "\(write.stderr)")
        #expect(try daemon.docker(["rm", "writer"]).status == 0)
        let read = try daemon.docker(["run", "--rm", "-v", "shared-data:/data", "busybox", "cat", "/data/f"])
        #expect(read.stdout == "hello\n", "\(read.stderr)")

        // `-v name:/dst` of a missing volume creates it.
        let holder = try daemon.docker(["create", "--name", "holder", "-v", "shared-data:/data", "-v", "auto-made:/other", "busybox", "true"])
        #expect(holder.status == 0, "\(holder.stderr)")
        let holderID = Self.trimmed(holder.stdout)
        #expect(try Self.volumeNames(daemon) == ["auto-made", "shared-data"])

        let mounts = try daemon.docker(["inspect", "-f", "{{range .Mounts}}{{if eq .Destination \"/data\"}}{{json .}}{{end}}{{end}}", "holder"])
        let object = try JSONSerialization.jsonObject(with: Data(mounts.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(object["Type"] as? String == "volume")
        #expect(object["Name"] as? String == "shared-data")
        #expect(object["Source"] as? String == daemon.base + "/engine/volumes/shared-data/_data")
        #expect(object["Driver"] as? String == "local")
        #expect(object["Mode"] as? String == "z")
        #expect(object["RW"] as? Bool == true)
        #expect(object["Propagation"] as? String == "")

        let from = try daemon.docker(["run", "--rm", "--volumes-from", "holder", "busybox", "sh", "-c", "cat /data/f; echo more >> /data/f"])
        #expect(from.stdout == "hello\n", "\(from.stderr)")
        let readOnly = try daemon.docker(["run", "--rm", "--volumes-from", "holder:ro", "busybox", "sh", "-c", "cat /data/f; echo x > /data/g"])
        #expect(readOnly.stdout == "hello\nmore\n")
        #expect(readOnly.status != 0)
        #expect(readOnly.stderr.contains("Read-only file system"), "\(readOnly.stderr)")

        // In use by a container that never ran: docker's text and exit status.
        let busy = try daemon.docker(["volume", "rm", "shared-data"])
        #expect(busy.status == 1)
        #expect(busy.stderr == "Error response from daemon: remove shared-data: volume is in use - [\(holderID)]\n")
        #expect(try daemon.docker(["rm", "holder"]).status == 0)
        let removed = try daemon.docker(["volume", "rm", "shared-data", "auto-made"])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try Self.volumeNames(daemon).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: daemon.base + "/engine/volumes/shared-data"))
    }

    @Test func anonymousVolumesAreCreatedReusedAndRemovedWithTheirContainer() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        // `-v /data`: the CLI sends it as Config.Volumes.
        let create = try daemon.docker(["create", "--name", "anon", "-v", "/data", "busybox", "sh", "-c", "date >> /data/log"])
        #expect(create.status == 0, "\(create.stderr)")
        let names = try Self.volumeNames(daemon)
        #expect(names.count == 1)
        let name = names.first ?? ""
        #expect(name.count == 64)
        #expect(try Self.volumeNames(daemon, ["--filter", "label=com.docker.volume.anonymous"]) == [name])
        // Restarts reuse the volume.
        #expect(try daemon.docker(["start", "-a", "anon"]).status == 0)
        #expect(try daemon.docker(["start", "-a", "anon"]).status == 0)
        let lines = try String(contentsOfFile: try Self.mountpoint(daemon, name) + "/log", encoding: .utf8)
        #expect(lines.split(separator: "\n").count == 2)
        #expect(try Self.volumeNames(daemon) == [name])
        let inspect = try daemon.docker(["inspect", "-f", "{{range .Mounts}}{{.Type}} {{.Name}} {{.Destination}} [{{.Mode}}]{{end}}", "anon"])
        #expect(Self.trimmed(inspect.stdout) == "volume \(name) /data []")
        #expect(try daemon.docker(["rm", "-v", "anon"]).status == 0)
        #expect(try Self.volumeNames(daemon).isEmpty)

        // An image VOLUME, committed with --change.
        #expect(try daemon.docker(["create", "--name", "base", "busybox", "true"]).status == 0)
        let commit = try daemon.docker(["commit", "--change", "VOLUME /v", "base", "volimg:1"])
        #expect(commit.status == 0, "\(commit.stderr)")
        #expect(try daemon.docker(["rm", "base"]).status == 0)
        let fromImage = try daemon.docker(["create", "--name", "imgvol", "volimg:1", "true"])
        #expect(fromImage.status == 0, "\(fromImage.stderr)")
        #expect(try Self.volumeNames(daemon).count == 1)
        // A plain `rm` keeps it (as dockerd does); prune then takes the anonymous volume.
        #expect(try daemon.docker(["rm", "imgvol"]).status == 0)
        #expect(try Self.volumeNames(daemon).count == 1)
        #expect(try daemon.docker(["volume", "prune", "-f"]).status == 0)
        #expect(try Self.volumeNames(daemon).isEmpty)

        // --rm removes the anonymous volume of the image, and keeps a named one.
        let run = try daemon.docker(["run", "--rm", "-v", "kept:/k", "volimg:1", "sh", "-c", "touch /v/x /k/y"])
        #expect(run.status == 0, "\(run.stderr)")
        var remaining = try Self.volumeNames(daemon)
        for _ in 0..<50 where remaining != ["kept"] {
            usleep(100_000)
            remaining = try Self.volumeNames(daemon)
        }
        #expect(remaining == ["kept"])
        // A bind or named volume at the image's VOLUME path covers it: no anonymous volume.
        #expect(try daemon.docker(["run", "--rm", "-v", "kept:/v", "volimg:1", "ls", "/v/y"]).stdout == "/v/y\n")
        #expect(try Self.volumeNames(daemon) == ["kept"])
    }

    @Test func anEmptyVolumeGetsTheImageContentWithItsOwnership() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let etc = try daemon.docker(["run", "--rm", "-v", "etcvol:/etc", "busybox", "grep", "^root:", "/etc/passwd"])
        #expect(etc.stdout.hasPrefix("root:"), "\(etc.stderr)")
        #expect(FileManager.default.fileExists(atPath: try Self.mountpoint(daemon, "etcvol") + "/passwd"))

        let prepare = try daemon.docker(["run", "--name", "src", "busybox", "sh", "-c",
                                         "mkdir /stuff && echo hi > /stuff/f && chown 1234:5678 /stuff/f && chmod 640 /stuff/f && ln -s f /stuff/l && chown 42:43 /stuff && chmod 750 /stuff"])
        #expect(prepare.status == 0, "\(prepare.stderr)")
        #expect(try daemon.docker(["commit", "src", "stuffimg:1"]).status == 0)
        let copied = try daemon.docker(["run", "--rm", "-v", "stuffvol:/stuff", "stuffimg:1", "sh", "-c",
                                        "stat -c '%u:%g %a' /stuff /stuff/f; readlink /stuff/l; cat /stuff/l"])
        #expect(copied.stdout == "42:43 750\n1234:5678 640\nf\nhi\n", "\(copied.stderr)")
        // Not empty any more: a second container sees the volume's content, not the image's.
        #expect(try daemon.docker(["run", "--rm", "-v", "stuffvol:/stuff", "busybox", "sh", "-c", "echo changed > /stuff/f"]).status == 0)
        #expect(try daemon.docker(["run", "--rm", "-v", "stuffvol:/stuff", "stuffimg:1", "cat", "/stuff/f"]).stdout == "changed\n")
        // nocopy leaves the volume empty.
        let noCopy = try daemon.docker(["run", "--rm", "-v", "emptyvol:/stuff:nocopy", "stuffimg:1", "ls", "-A", "/stuff"])
        #expect(noCopy.status == 0, "\(noCopy.stderr)")
        #expect(noCopy.stdout == "")
    }

    @Test func tmpfsVolumeIsMountedAtUseAndUnmountedAtRemoval() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let create = try daemon.docker(["volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=1m,mode=1777", "tmpvol"])
        #expect(create.status == 0, "\(create.stderr)")
        let options = try daemon.docker(["volume", "inspect", "-f", "{{json .Options}}", "tmpvol"])
        #expect(Self.trimmed(options.stdout) == #"{"device":"tmpfs","o":"size=1m,mode=1777","type":"tmpfs"}"#)
        let mounts = try daemon.docker(["run", "--rm", "-v", "tmpvol:/t", "busybox", "sh", "-c", "grep ' /t ' /proc/mounts; stat -c %a /t"])
        #expect(mounts.status == 0, "\(mounts.stderr)")
        #expect(mounts.stdout.hasPrefix("tmpfs /t tmpfs "), "\(mounts.stdout)")
        #expect(mounts.stdout.contains("size=1024k"), "\(mounts.stdout)")
        #expect(mounts.stdout.hasSuffix("\n1777\n"), "\(mounts.stdout)")
        let path = try Self.mountpoint(daemon, "tmpvol")
        let hostMounts = { (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? "" }
        // Mounted while a container refers to it; unmounted when the last one is removed.
        #expect(try daemon.docker(["create", "--name", "tmpuser", "-v", "tmpvol:/t", "busybox", "true"]).status == 0)
        #expect(try daemon.docker(["start", "tmpuser"]).status == 0)
        #expect(hostMounts().contains(" \(path) "))
        #expect(try daemon.docker(["rm", "-f", "tmpuser"]).status == 0)
        #expect(!hostMounts().contains(" \(path) "))
        #expect(try daemon.docker(["run", "--rm", "-v", "tmpvol:/t", "busybox", "true"]).status == 0)
        #expect(!hostMounts().contains(" \(path) "))
        #expect(try daemon.docker(["volume", "rm", "tmpvol"]).status == 0)
        #expect(!hostMounts().contains(" \(path) "))

        // Bad tmpfs data is refused at create.
        let bad = try daemon.docker(["volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=lots", "badtmp"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("invalid tmpfs option"), "\(bad.stderr)")
    }

    @Test func inspectListFiltersPruneAndEvents() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let since = String(Int(Date().timeIntervalSince1970) - 1)
        #expect(try daemon.docker(["volume", "create", "--label", "tier=db", "labelled"]).status == 0)
        #expect(try daemon.docker(["volume", "create", "used"]).status == 0)
        #expect(try daemon.docker(["volume", "create", "used"]).stdout == "used\n", "an existing name is answered unchanged")
        #expect(try daemon.docker(["create", "--name", "user", "-v", "used:/u", "-v", "/anon", "busybox", "true"]).status == 0)

        let api = try daemon.api("GET", "/volumes/labelled")
        #expect(api.status == 200)
        let object = try JSONSerialization.jsonObject(with: Data(api.body.utf8)) as? [String: Any] ?? [:]
        #expect(object["Name"] as? String == "labelled")
        #expect(object["Driver"] as? String == "local")
        #expect(object["Mountpoint"] as? String == daemon.base + "/engine/volumes/labelled/_data")
        #expect(object["Labels"] as? [String: String] == ["tier": "db"])
        // The CLI sends `{}` for no options; dockerd keeps what it was given.
        #expect(object["Options"] is NSNull || (object["Options"] as? [String: String])?.isEmpty == true)
        #expect(object["Scope"] as? String == "local")
        let created = object["CreatedAt"] as? String ?? ""
        #expect(created.hasSuffix("Z") && created.count == 20, "\(created)")

        let df = try JSONSerialization.jsonObject(with: Data(try daemon.api("GET", "/system/df").body.utf8)) as? [String: Any] ?? [:]
        let usage = (df["Volumes"] as? [[String: Any]] ?? []).reduce(into: [String: Int]()) { out, volume in
            out[volume["Name"] as? String ?? ""] = (volume["UsageData"] as? [String: Any])?["RefCount"] as? Int
        }
        #expect(usage["used"] == 1 && usage["labelled"] == 0, "\(usage)")

        let list = try daemon.api("GET", "/volumes")
        #expect(list.body.contains(#""Warnings":null"#), "\(list.body)")
        #expect(try Self.volumeNames(daemon, ["--filter", "dangling=true"]) == ["labelled"])
        #expect(try Self.volumeNames(daemon, ["--filter", "dangling=false"]).contains("used"))
        #expect(try Self.volumeNames(daemon, ["--filter", "label=tier=db"]) == ["labelled"])
        #expect(try Self.volumeNames(daemon, ["--filter", "name=sed"]) == ["used"])
        #expect(try Self.volumeNames(daemon, ["--filter", "driver=local"]).count == 3)
        let badFilter = try daemon.docker(["volume", "ls", "--filter", "colour=red"])
        #expect(badFilter.status == 1)
        #expect(badFilter.stderr.contains("invalid filter 'colour'"), "\(badFilter.stderr)")

        // Prune: in-use volumes stay; without --all only anonymous ones go.
        #expect(try daemon.docker(["volume", "prune", "-f"]).status == 0)
        #expect(try Self.volumeNames(daemon).count == 3)
        let nothing = try daemon.api("POST", "/volumes/prune").body
        #expect(nothing.contains(#""VolumesDeleted":[]"#) && nothing.contains(#""SpaceReclaimed":0"#), "\(nothing)")
        #expect(try daemon.docker(["rm", "user"]).status == 0)
        let pruned = try daemon.api("POST", "/volumes/prune")
        #expect(pruned.status == 200)
        #expect(pruned.body.contains(#""VolumesDeleted":[""#), "\(pruned.body)")
        #expect(try Self.volumeNames(daemon) == ["labelled", "used"])
        // `all=true`, the filter `volume prune -a` sends (this CLI refuses `-a` against berthd as an unknown
        // flag, though the daemon reports API 1.50: a CLI-side feature check still to be understood).
        let all = try daemon.docker(["volume", "prune", "--filter", "all=true", "-f"])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.contains("labelled") && all.stdout.contains("used"), "\(all.stdout)")
        #expect(try Self.volumeNames(daemon).isEmpty)

        let until = String(Int(Date().timeIntervalSince1970) + 1)
        let events = try daemon.docker(["events", "--since", since, "--until", until, "--filter", "type=volume",
                                        "--filter", "volume=labelled", "--format", "{{.Type}} {{.Action}} {{.Actor.ID}}"])
        #expect(events.stdout == "volume create labelled\nvolume destroy labelled\n", "\(events.stdout) \(events.stderr)")
    }

    @Test func badInputGivesDockersErrorsAndLeavesNothing() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let invalid = try daemon.docker(["volume", "create", "a"])
        #expect(invalid.status == 1)
        #expect(invalid.stderr == "Error response from daemon: create a: \"a\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path\n")
        let driver = try daemon.docker(["volume", "create", "-d", "nosuch", "plugged"])
        #expect(driver.status == 1)
        #expect(driver.stderr == "Error response from daemon: create plugged: error looking up volume plugin nosuch: plugin \"nosuch\" not found\n")
        let option = try daemon.docker(["volume", "create", "-o", "colour=red", "opted"])
        #expect(option.status == 1)
        #expect(option.stderr == "Error response from daemon: create opted: invalid option key: \"colour\"\n")
        let missing = try daemon.docker(["volume", "create", "-o", "type=tmpfs", "halfopt"])
        #expect(missing.stderr == "Error response from daemon: create halfopt: missing required option: \"device\"\n")
        let run = try daemon.docker(["run", "--rm", "-v", "bad/name:/x", "busybox", "true"])
        #expect(run.status == 125)
        #expect(try Self.volumeNames(daemon).isEmpty)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: daemon.base + "/engine/volumes")) ?? []).isEmpty)

        let inspect = try daemon.docker(["volume", "inspect", "nosuch"])
        #expect(inspect.status == 1)
        // The CLI words a 404 itself; the daemon's own text is dockerd's.
        #expect(inspect.stderr.contains("No such volume: nosuch"), "\(inspect.stderr)")
        let apiInspect = try daemon.api("GET", "/volumes/nosuch")
        #expect(apiInspect.status == 404)
        #expect(apiInspect.body.contains(#"{"message":"get nosuch: no such volume"}"#), "\(apiInspect.body)")
        let rm = try daemon.docker(["volume", "rm", "nosuch"])
        #expect(rm.status == 1)
        #expect(rm.stderr.contains("no such volume") || rm.stderr.contains("No such volume"), "\(rm.stderr)")
        let apiRemove = try daemon.api("DELETE", "/volumes/nosuch")
        #expect(apiRemove.status == 404)
        #expect(apiRemove.body.contains("get nosuch: no such volume"), "\(apiRemove.body)")
        #expect(try daemon.api("DELETE", "/volumes/nosuch?force=1").status == 204)
        #expect(try daemon.docker(["volume", "rm", "-f", "nosuch"]).status == 0)
        // A failed create (unknown volumes-from container) leaves no volume it made behind.
        // Through the API: the CLI would take a 404 on create for a missing image and try to pull it.
        let from = try daemon.api("POST", "/containers/create",
                                  body: #"{"Image":"busybox","Cmd":["true"],"HostConfig":{"Binds":["fresh:/x"],"VolumesFrom":["ghost"]},"Volumes":{"/anon":{}}}"#)
        #expect(from.status == 404)
        #expect(from.body.contains("No such container: ghost"), "\(from.body)")
        #expect(try Self.volumeNames(daemon).isEmpty)
    }

    @Test func mountFlagVolumesBindsAndTmpfs() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let named = try daemon.docker(["run", "--rm", "--mount", "type=volume,source=mvol,target=/m,volume-label=made=by-mount",
                                       "busybox", "sh", "-c", "echo a > /m/a"])
        #expect(named.status == 0, "\(named.stderr)")
        #expect(Self.trimmed(try daemon.docker(["volume", "inspect", "-f", "{{.Labels.made}}", "mvol"]).stdout) == "by-mount")
        let readOnly = try daemon.docker(["run", "--rm", "--mount", "type=volume,source=mvol,target=/m,readonly", "busybox", "sh", "-c",
                                          "cat /m/a; touch /m/b"])
        #expect(readOnly.stdout == "a\n")
        #expect(readOnly.stderr.contains("Read-only file system"), "\(readOnly.stderr)")
        // An anonymous `--mount type=volume` goes with its `--rm` container.
        #expect(try daemon.docker(["run", "--rm", "--mount", "type=volume,target=/anon", "busybox", "true"]).status == 0)
        #expect(try Self.volumeNames(daemon) == ["mvol"])
        let missing = try daemon.docker(["run", "--rm", "--mount", "type=bind,source=/nonexistent-berth-src,target=/b", "busybox", "true"])
        #expect(missing.status == 125)
        #expect(missing.stderr.contains("bind source path does not exist: /nonexistent-berth-src"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-berth-src"))
        let tmpfs = try daemon.docker(["run", "--rm", "--mount", "type=tmpfs,target=/tt,tmpfs-size=1048576", "busybox", "grep", " /tt ", "/proc/mounts"])
        #expect(tmpfs.stdout.contains("size=1024k"), "\(tmpfs.stdout) \(tmpfs.stderr)")
    }

    @Test func volumesSurviveABerthdKill() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        #expect(try daemon.docker(["volume", "create", "--label", "k=v", "durable"]).status == 0)
        let write = try daemon.docker(["run", "--name", "w1", "-v", "durable:/d", "busybox", "sh", "-c", "echo kept > /d/f"])
        #expect(write.status == 0, "\(write.stderr)")
        try daemon.killAndRestartEngine()
        #expect(try Self.volumeNames(daemon) == ["durable"])
        #expect(Self.trimmed(try daemon.docker(["volume", "inspect", "-f", "{{.Labels.k}}", "durable"]).stdout) == "v")
        #expect(try daemon.docker(["run", "--rm", "-v", "durable:/d", "busybox", "cat", "/d/f"]).stdout == "kept\n")
        // Still in use by the stopped container after the restart.
        #expect(try daemon.docker(["volume", "rm", "durable"]).status == 1)
        #expect(try daemon.docker(["rm", "w1"]).status == 0)
        #expect(try daemon.docker(["volume", "rm", "durable"]).status == 0)
    }

    /// The berth CLI's volume verbs against berthd (not a canned daemon).
    @Test func berthVolumeVerbsAgainstBerthd() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        #expect(try daemon.berth(["volume", "create", "--label", "tier=db", "bvdata"]).stdout == "bvdata\n")
        let list = try daemon.berth(["volume", "ls", "--format", "{{.Name}} {{.Driver}} {{.Label \"tier\"}}"])
        #expect(list.stdout == "bvdata local db\n", "\(list.stdout) \(list.stderr)")
        let inspect = try daemon.berth(["volume", "inspect", "--format", "{{.Mountpoint}}", "bvdata"])
        #expect(inspect.stdout == daemon.base + "/engine/volumes/bvdata/_data\n", "\(inspect.stdout)")
        let write = try daemon.berth(["run", "--rm", "-v", "bvdata:/db", "busybox", "sh", "-c", "echo kept > /db/f"])
        #expect(write.status == 0, "\(write.stderr)")
        let read = try daemon.berth(["run", "--rm", "-v", "bvdata:/db:ro", "busybox", "cat", "/db/f"])
        #expect(read.stdout == "kept\n", "\(read.stderr)")
        let missing = try daemon.berth(["volume", "rm", "bvdata", "nosuchvol"])
        #expect(missing.status == 1)
        #expect(missing.stdout == "bvdata\n")
        #expect(missing.stderr.contains("no such volume"), "\(missing.stderr)")
        #expect(try daemon.berth(["volume", "ls", "-q"]).stdout == "")
    }
}
