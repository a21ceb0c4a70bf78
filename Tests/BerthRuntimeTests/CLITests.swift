import BerthOCI
import BerthRuntime
import Foundation
import Glibc
import Testing

/// The runc-compatible command line: output shapes (state, list, ps, events, spec, features), signal
/// names for kill, pause/resume, update, the global flags and exit codes.
@Suite(.enabled(if: TestEnv.privileged, TestEnv.skipReason))
struct CLITests {
    // MARK: - state

    @Test(.enabled(if: TCSchema.available, TCSchema.skipReason))
    func stateIsPrettyJSONValidAgainstTheSchemaInEveryPhase() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let share = try TCTempDir()
        let bundle = try LifecycleTests.markerBundle(share)
        let id = TestEnv.uniqueName("st")
        // Control: the validator does reject a bad document.
        #expect(try !TCSchema.violations(#"{"ociVersion":"1.0.0","id":"x","status":"bogus","pid":1,"bundle":"/"}"#,
                                         schema: "state-schema.json").isEmpty, "the schema check accepts anything")
        try #require(try rt.tcCreate(bundle, id: id).status == 0)

        func check(_ phase: String) throws {
            let r = try rt("state", id)
            #expect(r.status == 0, "\(phase): \(r.stderr)")
            #expect(r.stdout.hasPrefix("{\n"), "\(phase): state is not pretty-printed: \(r.stdout.prefix(40))")
            #expect(try TCSchema.violations(r.stdout, schema: "state-schema.json") == [], "\(phase): \(r.stdout)")
            let doc = TCJSON.object(r.stdout)
            #expect(doc?["status"] as? String == phase)
            #expect(doc?["id"] as? String == id)
            #expect(doc?["bundle"] as? String == bundle.dir)
            #expect(doc?["rootfs"] as? String == bundle.rootfs)
            #expect((doc?["created"] as? String).map { $0.contains("T") && $0.hasSuffix("Z") } == true, "created is not RFC 3339")
        }
        try check("created")
        try #require(try rt("start", id).status == 0)
        #expect(TCHost.waitUntil { TCFiles.exists(share.file("marker")) })
        try check("running")
        FileManager.default.createFile(atPath: share.file("stop"), contents: nil)
        #expect(TCHost.waitUntil { rt.tcStatus(id) == "stopped" })
        try check("stopped")
    }

    @Test func stateOfAnUnknownIdFailsNamingIt() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let r = try rt("state", "no-such-container")
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("no-such-container"))
    }

    // MARK: - list

    @Test func listPrintsRuncsTableJSONAndQuietForms() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let empty = try rt("list")
        #expect(empty.status == 0)
        #expect(empty.stdout.split(separator: "\n").map { $0.split(separator: " ") } == [["ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"]])
        let emptyJSON = try rt("list", "--format", "json")
        // runc prints `null` for no containers, an empty array is the same to JSON consumers.
        #expect(["null", "[]"].contains(emptyJSON.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))

        let a = try LifecycleTests.sleeper()
        let b = try LifecycleTests.sleeper()
        let idA = TestEnv.uniqueName("la")
        let idB = TestEnv.uniqueName("lb")
        try #require(try rt.tcCreate(a, id: idA).status == 0)
        try #require(try rt.tcRunDetached(b, id: idB).status == 0)
        let pidA = try #require(rt.tcPid(idA))
        let pidB = try #require(rt.tcPid(idB))

        let table = try rt("list")
        #expect(table.status == 0)
        let lines = table.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 3, "list: \(table.stdout)")
        let header = lines[0]
        #expect(header.split(separator: " ") == ["ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"])
        // tabwriter columns: every row's fields start where the header's column names start.
        let starts = ["ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"].compactMap { header.range(of: $0)?.lowerBound.utf16Offset(in: header) }
        try #require(starts.count == 6, "header: \(header)")
        var rows: [String: [String]] = [:]
        for line in lines.dropFirst() {
            let fields = line.split(separator: " ").map(String.init)
            #expect(fields.count == 6, "row: \(line)")
            for (i, field) in fields.enumerated() where i < starts.count {
                let at = line.range(of: field, range: line.index(line.startIndex, offsetBy: starts[i])..<line.endIndex)?.lowerBound
                #expect(at?.utf16Offset(in: line) == starts[i], "column \(i) of \"\(line)\" is not aligned with the header")
            }
            rows[fields[0]] = fields
        }
        #expect(rows[idA] == [idA, String(pidA), "created", a.dir, rows[idA]?[4] ?? "", "root"])
        #expect(rows[idB] == [idB, String(pidB), "running", b.dir, rows[idB]?[4] ?? "", "root"])

        let json = try rt("list", "--format", "json")
        let entries = try #require(TCJSON.any(json.stdout) as? [[String: Any]], "list --format json: \(json.stdout)")
        #expect(Set(entries.compactMap { $0["id"] as? String }) == [idA, idB])
        for e in entries {
            for key in ["ociVersion", "id", "pid", "status", "bundle", "rootfs", "created", "owner"] {
                #expect(e[key] != nil, "list json entry lacks \(key): \(e)")
            }
        }
        #expect(entries.first { $0["id"] as? String == idB }?["status"] as? String == "running")

        let quiet = try rt("list", "-q")
        #expect(Set(quiet.stdout.split(separator: "\n").map(String.init)) == [idA, idB])
        #expect(quiet.stdout.split(separator: "\n").count == 2)
    }

    // MARK: - ps

    @Test func psListsTheContainersProcessesInTableAndJSON() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["sh", "-c", "sleep 1001 & sleep 1002 & while true; do sleep 1; done"])
        let id = TestEnv.uniqueName("ps")
        try #require(try rt.tcRunDetached(bundle, id: id).status == 0)
        let initPid = try #require(rt.tcPid(id))
        var pids: [Int32] = []
        #expect(TCHost.waitUntil {
            pids = ((TCJSON.any((try? rt("ps", "--format", "json", id))?.stdout ?? "") as? [NSNumber]) ?? []).map(\.int32Value)
            return pids.count >= 3
        }, "ps --format json: \(pids)")
        #expect(pids.contains(initPid))
        for pid in pids {
            // Host pids of processes in the container's cgroup.
            #expect((TCFiles.read("/proc/\(pid)/cgroup") ?? "").contains("/berth/\(id)"), "pid \(pid) is not in the container")
        }

        let table = try rt("ps", id)
        #expect(table.status == 0)
        let lines = table.stdout.split(separator: "\n").map(String.init)
        let header = lines.first?.split(separator: " ").map(String.init) ?? []
        #expect(header == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"], "ps -ef header: \(lines.first ?? "")")
        let listed = Set(lines.dropFirst().compactMap { line in line.split(separator: " ").dropFirst().first.flatMap { Int32($0) } })
        #expect(listed == Set(pids), "table pids \(listed) vs json \(pids)")
        #expect(lines.contains { $0.hasSuffix("sleep 1001") } && lines.contains { $0.hasSuffix("sleep 1002") })

        // Extra arguments go to ps.
        let custom = try rt("ps", id, "-o", "pid,comm")
        let customLines = custom.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(customLines.first == ["PID", "COMMAND"], "ps -o pid,comm: \(custom.stdout) \(custom.stderr)")
        #expect(Set(customLines.dropFirst().compactMap { $0.first.flatMap { Int32($0) } }) == Set(pids))
    }

    // MARK: - kill

    /// A container that reports the signals it catches, one line each, in its stdout file.
    static func trapBundle() throws -> TestBundle {
        let sigs = "USR1 USR2 HUP INT TERM QUIT"
        return try TestBundle(args: ["sh", "-c", "for s in \(sigs); do trap \"echo got $s\" $s; done; echo ready; while true; do sleep 0.05; done"])
    }

    @Test func killAcceptsNamesWithOrWithoutSIGAnyCaseAndNumbers() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try Self.trapBundle()
        let id = TestEnv.uniqueName("kill")
        try #require(try rt.tcRunDetached(bundle, id: id).status == 0)
        try #require(TCHost.waitUntil { bundle.tcOutput(id).contains("ready") })
        let cases: [(String, String)] = [
            ("USR1", "got USR1"), ("SIGUSR2", "got USR2"), ("1", "got HUP"), ("sigint", "got INT"),
            ("term", "got TERM"), ("3", "got QUIT"), ("SigHup", "got HUP"),
        ]
        var expected = ["ready"]
        for (signal, line) in cases {
            let r = try rt("kill", id, signal)
            #expect(r.status == 0, "kill \(signal): \(r.stderr)")
            expected.append(line)
            let ok = TCHost.waitUntil(timeout: 5) { bundle.tcOutput(id).split(separator: "\n").map(String.init) == expected }
            #expect(ok, "after kill \(signal): \(bundle.tcOutput(id))")
        }
        // Without a signal, kill sends TERM.
        #expect(try rt("kill", id).status == 0)
        expected.append("got TERM")
        #expect(TCHost.waitUntil(timeout: 5) { bundle.tcOutput(id).split(separator: "\n").map(String.init) == expected },
                "kill without a signal: \(bundle.tcOutput(id))")

        for bad in ["FOO", "SIGFOO", "0", "65", "-1"] {
            let r = try rt("kill", id, bad)
            #expect(r.status == 1, "kill \(bad) must fail")
            #expect(r.stderr.contains("signal"), "kill \(bad): \(r.stderr)")
        }
        #expect(rt.tcStatus(id) == "running")
        #expect(try rt("kill", id, "9").status == 0)
        #expect(TCHost.waitUntil { rt.tcStatus(id) == "stopped" })
    }

    @Test func killAllSignalsEveryProcessInTheContainer() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let share = try TCTempDir()
        let child = { (n: Int) in "sh -c 'trap \"echo child\(n) got USR1 >> /share/log\" USR1; while true; do sleep 0.05; done' &" }
        let bundle = try TestBundle(args: ["sh", "-c", "\(child(1)) \(child(2)) trap 'echo init got USR1 >> /share/log' USR1; echo ready > /share/ready; while true; do sleep 0.05; done"]) {
            $0.mounts = ($0.mounts ?? []) + [TestBundle.tcBind(share.path, at: "/share")]
        }
        let id = TestEnv.uniqueName("killa")
        try #require(try rt.tcRunDetached(bundle, id: id).status == 0)
        try #require(TCHost.waitUntil { TCFiles.exists(share.file("ready")) })
        #expect(TCHost.waitUntil { ((TCJSON.any((try? rt("ps", "--format", "json", id))?.stdout ?? "") as? [Any]) ?? []).count >= 5 })

        // Without --all only the init gets it.
        #expect(try rt("kill", id, "USR1").status == 0)
        #expect(TCHost.waitUntil(timeout: 5) { TCFiles.read(share.file("log")) == "init got USR1\n" }, "\(TCFiles.read(share.file("log")) ?? "")")
        try Data().write(to: URL(fileURLWithPath: share.file("log")))

        #expect(try rt("kill", "--all", id, "USR1").status == 0)
        let all: Set<String> = ["init got USR1", "child1 got USR1", "child2 got USR1"]
        #expect(TCHost.waitUntil(timeout: 5) { Set((TCFiles.read(share.file("log")) ?? "").split(separator: "\n").map(String.init)) == all },
                "kill --all: \(TCFiles.read(share.file("log")) ?? "")")

        let pids = ((TCJSON.any(try rt("ps", "--format", "json", id).stdout) as? [NSNumber]) ?? []).map(\.int32Value)
        #expect(try rt("kill", "--all", id, "KILL").status == 0)
        #expect(TCHost.waitUntil { pids.allSatisfy { !TCHost.alive($0) } }, "kill --all KILL left processes alive")
        #expect(TCHost.waitUntil { rt.tcStatus(id) == "stopped" })
    }

    // MARK: - pause / resume

    @Test func pauseFreezesTheCgroupAndResumeThawsIt() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let share = try TCTempDir()
        let bundle = try TestBundle(args: ["sh", "-c", "i=0; while true; do i=$((i+1)); echo $i > /share/count; sleep 0.02; done"]) {
            $0.mounts = ($0.mounts ?? []) + [TestBundle.tcBind(share.path, at: "/share")]
        }
        let id = TestEnv.uniqueName("pause")
        try #require(try rt.tcRunDetached(bundle, id: id).status == 0)
        func count() -> Int { Int(TCFiles.value(share.file("count")) ?? "") ?? -1 }
        try #require(TCHost.waitUntil { count() > 2 })

        let paused = try rt("pause", id)
        #expect(paused.status == 0, "pause: \(paused.stderr)")
        #expect(rt.tcStatus(id) == "paused")
        #expect(TCFiles.value(TCCgroup.dir("freezer", "/berth/\(id)/freezer.state")) == "FROZEN")
        usleep(100_000)
        let frozenAt = count()
        usleep(600_000)
        #expect(count() == frozenAt, "the container made progress while paused")
        // A paused container's processes are still there.
        #expect(TCHost.alive(try #require(rt.tcPid(id))))

        let resumed = try rt("resume", id)
        #expect(resumed.status == 0, "resume: \(resumed.stderr)")
        #expect(rt.tcStatus(id) == "running")
        #expect(TCFiles.value(TCCgroup.dir("freezer", "/berth/\(id)/freezer.state")) == "THAWED")
        #expect(TCHost.waitUntil { count() > frozenAt + 2 }, "no progress after resume")
    }

    // MARK: - update

    /// A running container that keeps copying what it reads from its own cgroup files to /share/limits.
    static func limitsReporter(_ share: TCTempDir) throws -> TestBundle {
        let files = "/sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/cpu/cpu.cfs_quota_us "
            + "/sys/fs/cgroup/cpu/cpu.cfs_period_us /sys/fs/cgroup/cpu/cpu.shares /sys/fs/cgroup/pids/pids.max"
        return try TestBundle(args: ["sh", "-c", "while true; do cat \(files) > /share/l.tmp 2>&1; mv /share/l.tmp /share/limits; sleep 0.05; done"]) {
            $0.mounts = ($0.mounts ?? []) + [TestBundle.tcBind(share.path, at: "/share")]
        }
    }

    @Test func updateFromFlagsReachesTheCgroupTheContainerAndTheSavedConfig() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let share = try TCTempDir()
        let bundle = try Self.limitsReporter(share)
        let id = TestEnv.uniqueName("upd")
        try #require(try rt.tcRunDetached(bundle, id: id).status == 0)

        let r = try rt("update", "--memory", "64m", "--cpu-quota", "50000", "--cpu-period", "100000", "--pids-limit", "42", id)
        #expect(r.status == 0, "update: \(r.stderr)")
        #expect(TCFiles.value(TCCgroup.dir("memory", "/berth/\(id)/memory.limit_in_bytes")) == "67108864")
        #expect(TCFiles.value(TCCgroup.dir("cpu", "/berth/\(id)/cpu.cfs_quota_us")) == "50000")
        #expect(TCFiles.value(TCCgroup.dir("cpu", "/berth/\(id)/cpu.cfs_period_us")) == "100000")
        #expect(TCFiles.value(TCCgroup.dir("pids", "/berth/\(id)/pids.max")) == "42")
        // What the container reads from its own cgroup files.
        let seen = { (TCFiles.read(share.file("limits")) ?? "").split(separator: "\n").map(String.init) }
        #expect(TCHost.waitUntil { let s = seen(); return s.count == 5 && s[0] == "67108864" && s[1] == "50000" && s[4] == "42" },
                "container sees: \(seen())")

        let saved = rt.tcSavedResources(id)
        #expect(((saved?["memory"] as? [String: Any])?["limit"] as? NSNumber)?.int64Value == 67_108_864, "saved: \(String(describing: saved))")
        #expect(((saved?["cpu"] as? [String: Any])?["quota"] as? NSNumber)?.int64Value == 50000)
        #expect(((saved?["cpu"] as? [String: Any])?["period"] as? NSNumber)?.int64Value == 100_000)
        #expect(((saved?["pids"] as? [String: Any])?["limit"] as? NSNumber)?.int64Value == 42)
        // `state` stays valid after an update.
        #expect(rt.tcStatus(id) == "running")

        // A bad value changes nothing.
        let bad = try rt("update", "--memory", "lots", id)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("memory"), "bad value: \(bad.stderr)")
        #expect(TCFiles.value(TCCgroup.dir("memory", "/berth/\(id)/memory.limit_in_bytes")) == "67108864")
    }

    @Test func updateFromAResourcesFileAndStdin() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let share = try TCTempDir()
        let bundle = try Self.limitsReporter(share)
        let id = TestEnv.uniqueName("updr")
        try #require(try rt.tcRunDetached(bundle, id: id).status == 0)

        let file = share.file("resources.json")
        try Data(#"{"memory":{"limit":134217728},"cpu":{"shares":256,"quota":30000},"pids":{"limit":50}}"#.utf8)
            .write(to: URL(fileURLWithPath: file))
        let r = try rt("update", "-r", file, id)
        #expect(r.status == 0, "update -r: \(r.stderr)")
        #expect(TCFiles.value(TCCgroup.dir("memory", "/berth/\(id)/memory.limit_in_bytes")) == "134217728")
        #expect(TCFiles.value(TCCgroup.dir("cpu", "/berth/\(id)/cpu.shares")) == "256")
        #expect(TCFiles.value(TCCgroup.dir("cpu", "/berth/\(id)/cpu.cfs_quota_us")) == "30000")
        #expect(TCFiles.value(TCCgroup.dir("pids", "/berth/\(id)/pids.max")) == "50")
        let seen = { (TCFiles.read(share.file("limits")) ?? "").split(separator: "\n").map(String.init) }
        #expect(TCHost.waitUntil { let s = seen(); return s.count == 5 && s[0] == "134217728" && s[1] == "30000" && s[3] == "256" && s[4] == "50" },
                "container sees: \(seen())")

        // `-r -` reads stdin; fields not given keep their values.
        let stdin = try rt.call(["update", "-r", "-", id], stdin: #"{"pids":{"limit":60}}"#)
        #expect(stdin.status == 0, "update -r -: \(stdin.stderr)")
        #expect(TCFiles.value(TCCgroup.dir("pids", "/berth/\(id)/pids.max")) == "60")
        #expect(TCFiles.value(TCCgroup.dir("memory", "/berth/\(id)/memory.limit_in_bytes")) == "134217728")
        let saved = rt.tcSavedResources(id)
        #expect(((saved?["pids"] as? [String: Any])?["limit"] as? NSNumber)?.int64Value == 60)
        #expect(((saved?["memory"] as? [String: Any])?["limit"] as? NSNumber)?.int64Value == 134_217_728)
        #expect(((saved?["cpu"] as? [String: Any])?["shares"] as? NSNumber)?.int64Value == 256)

        // A malformed resources file names itself and changes nothing.
        try Data(#"{"pids":{"limit":"many"}}"#.utf8).write(to: URL(fileURLWithPath: file))
        let bad = try rt("update", "-r", file, id)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("pids.limit"), "malformed resources: \(bad.stderr)")
        #expect(TCFiles.value(TCCgroup.dir("pids", "/berth/\(id)/pids.max")) == "60")
    }

    @Test func updateOfAStoppedContainerFails() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["true"])
        let id = TestEnv.uniqueName("upds")
        try #require(try rt.tcRunDetached(bundle, id: id).status == 0)
        #expect(TCHost.waitUntil { rt.tcStatus(id) == "stopped" })
        let r = try rt("update", "--pids-limit", "5", id)
        #expect(r.status == 1)
        #expect(r.stderr.contains("not running"), "got: \(r.stderr)")
    }

    // MARK: - events

    @Test func eventsStatsPrintsOneStatsDocument() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        // Burn a little CPU and memory first, then idle.
        let bundle = try TestBundle(args: ["sh", "-c", "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; sleep 1000"])
        let id = TestEnv.uniqueName("ev")
        try #require(try rt.tcRunDetached(bundle, id: id).status == 0)
        usleep(300_000)
        let r = try rt.call(["events", "--stats", id], timeout: 20)
        #expect(r.status == 0, "events --stats: \(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 1, "one-shot: one JSON line, got \(lines.count)")
        let doc = try #require(TCJSON.object(String(lines.first ?? "")), "not JSON: \(r.stdout)")
        #expect(doc["type"] as? String == "stats")
        #expect(doc["id"] as? String == id)
        let data = doc["data"] as? [String: Any]
        let memUsage = ((data?["memory"] as? [String: Any])?["usage"] as? [String: Any])?["usage"] as? NSNumber
        #expect((memUsage?.uint64Value ?? 0) > 0, "data.memory.usage.usage: \(String(describing: memUsage))")
        let pidsCurrent = (data?["pids"] as? [String: Any])?["current"] as? NSNumber
        #expect((pidsCurrent?.uint64Value ?? 0) >= 1, "data.pids.current: \(String(describing: pidsCurrent))")
        let cpuTotal = ((data?["cpu"] as? [String: Any])?["usage"] as? [String: Any])?["total"] as? NSNumber
        #expect((cpuTotal?.uint64Value ?? 0) > 0, "data.cpu.usage.total: \(String(describing: cpuTotal))")
        // The numbers come from the container's cgroup.
        let hostUsage = UInt64(TCFiles.value(TCCgroup.dir("cpuacct", "/berth/\(id)/cpuacct.usage")) ?? "") ?? 0
        #expect(hostUsage >= (cpuTotal?.uint64Value ?? .max), "cpu total \(String(describing: cpuTotal)) vs cpuacct.usage \(hostUsage)")

        #expect(try rt("kill", id, "KILL").status == 0)
        #expect(TCHost.waitUntil { rt.tcStatus(id) == "stopped" })
        #expect(try rt.call(["events", "--stats", id], timeout: 20).status == 1, "stats of a stopped container")
    }

    // MARK: - spec / features

    @Test func specWritesTheDefaultConfigAndRefusesToOverwrite() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let dir = try TCTempDir("berth-spec")
        let r = try rt("spec", "-b", dir.path)
        #expect(r.status == 0, "spec: \(r.stderr)")
        let written = try #require(FileManager.default.contents(atPath: dir.file("config.json")))
        let expected = Data(try JSONCoding.encode(DefaultSpec.make(rootless: false), pretty: true))
        let a = try JSONSerialization.jsonObject(with: written) as? NSDictionary
        let b = try JSONSerialization.jsonObject(with: expected) as? NSDictionary
        #expect(a != nil && a == b, "spec output differs from DefaultSpec")
        if TCSchema.available {
            #expect(try TCSchema.violations(String(decoding: written, as: UTF8.self), schema: "config-schema.json") == [])
        }

        let again = try rt("spec", "-b", dir.path)
        #expect(again.status == 1, "spec must refuse to overwrite")
        #expect(again.stderr.contains("exists"), "got: \(again.stderr)")
        #expect(FileManager.default.contents(atPath: dir.file("config.json")) == written)

        // Without -b it writes into the working directory.
        let cwd = try TCTempDir("berth-spec-cwd")
        let inCwd = try TCShell.run("cd \"$1\" && exec \"$2\" --root \"$3\" spec", [cwd.path, rt.binary, rt.root])
        #expect(inCwd.status == 0, "spec in cwd: \(inCwd.stderr)")
        #expect(FileManager.default.contents(atPath: cwd.file("config.json")) == written)
    }

    @Test func specRootlessHasAUserNamespaceWithMappings() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let dir = try TCTempDir("berth-spec-rl")
        let r = try rt("spec", "--rootless", "-b", dir.path)
        #expect(r.status == 0, "spec --rootless: \(r.stderr)")
        let doc = try #require(TCJSON.object(TCFiles.read(dir.file("config.json")) ?? ""))
        let linux = doc["linux"] as? [String: Any]
        let types = ((linux?["namespaces"] as? [[String: Any]]) ?? []).compactMap { $0["type"] as? String }
        #expect(types.contains("user"))
        #expect(!types.contains("network"), "rootless spec keeps the host network (runc)")
        for key in ["uidMappings", "gidMappings"] {
            let maps = (linux?[key] as? [[String: Any]]) ?? []
            #expect(maps.count == 1, "\(key): \(maps)")
            #expect((maps.first?["containerID"] as? NSNumber)?.intValue == 0)
            #expect((maps.first?["hostID"] as? NSNumber)?.uint32Value == (key == "uidMappings" ? getuid() : getgid()))
            #expect(((maps.first?["size"] as? NSNumber)?.intValue ?? 0) >= 1)
        }
        #expect((linux?["resources"] as? [String: Any])?["devices"] == nil, "rootless cannot use the devices cgroup")
    }

    @Test(.enabled(if: TCSchema.available, TCSchema.skipReason))
    func featuresIsValidAgainstTheSchema() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let r = try rt("features")
        #expect(r.status == 0, "features: \(r.stderr)")
        #expect(try TCSchema.violations(r.stdout, schema: "features-schema.json") == [])
        // Control: a namespace the schema does not know is rejected (the $refs into features-linux.json resolve).
        let tampered = r.stdout.replacingOccurrences(of: "\"cgroup\"", with: "\"bogus-ns\"")
        #expect(try !TCSchema.violations(tampered, schema: "features-schema.json").isEmpty, "the schema check accepts anything")
        let doc = try #require(TCJSON.object(r.stdout))
        #expect(doc["ociVersionMax"] as? String == "1.3.0")
        let namespaces = Set(((doc["linux"] as? [String: Any])?["namespaces"] as? [String]) ?? [])
        #expect(namespaces == ["mount", "pid", "network", "uts", "ipc", "user", "cgroup", "time"])
        let hooks = Set((doc["hooks"] as? [String]) ?? [])
        #expect(hooks.isSuperset(of: ["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"]))
    }

    // MARK: - global flags

    @Test func logFileGetsJSONErrorLines() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let dir = try TCTempDir("berth-log")
        let json = dir.file("log.json")
        let r = try rt("--log", json, "--log-format", "json", "state", "missing-id")
        #expect(r.status == 1)
        let lines = (TCFiles.read(json) ?? "").split(separator: "\n").map(String.init)
        let last = try #require(lines.last.flatMap(TCJSON.object), "no JSON line in --log: \(lines)")
        #expect(last["level"] as? String == "error")
        #expect((last["msg"] as? String)?.contains("missing-id") == true, "msg: \(String(describing: last["msg"]))")
        #expect(last["time"] != nil)
        // The error is reported on stderr as well.
        #expect(r.stderr.contains("missing-id"))

        let text = dir.file("log.txt")
        _ = try rt("--log", text, "state", "missing-id")
        let line = TCFiles.read(text) ?? ""
        #expect(line.contains("level=error") && line.contains("missing-id"), "text log: \(line)")
    }

    @Test func debugFlagAddsDebugLines() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let dir = try TCTempDir("berth-debug")
        let log = dir.file("debug.json")
        let bundle = try TestBundle(args: ["true"])
        let r = try rt("--debug", "--log", log, "--log-format", "json", "run", "--bundle", bundle.dir, TestEnv.uniqueName("dbg"))
        #expect(r.status == 0, "run with --debug: \(r.stderr)")
        let levels = (TCFiles.read(log) ?? "").split(separator: "\n").compactMap { TCJSON.object(String($0))?["level"] as? String }
        // runc --debug logs its steps at level debug; a --debug that logs nothing is not a debug mode.
        #expect(levels.contains("debug"), "no debug lines in --log with --debug: \(levels)")
    }

    @Test func systemdCgroupMapsSliceScopeToCgroupfs() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let id = TestEnv.uniqueName("sd")
        let bundle = try LifecycleTests.sleeper { $0.linux?.cgroupsPath = "system.slice:berth:\(id)" }
        let r = try rt.tcDetached(["--systemd-cgroup", "run", "-d", "--bundle", bundle.dir, id],
                                   stdout: bundle.tcOutPath(id), stderr: bundle.tcErrPath(id))
        try #require(r.status == 0, "run --systemd-cgroup: \(r.stderr)")
        let pid = try #require(rt.tcPid(id))
        let scope = "/system.slice/berth-\(id).scope"
        for controller in ["memory", "pids", "cpu", "freezer"] {
            let procs = TCFiles.read(TCCgroup.dir(controller, scope + "/cgroup.procs")) ?? ""
            #expect(procs.split(separator: "\n").contains(Substring(String(pid))), "\(controller)\(scope) does not hold the init \(pid)")
        }
        #expect(!TCFiles.exists(TCCgroup.dir("memory", "/berth/\(id)")))
        let deleted = try rt("--systemd-cgroup", "delete", "--force", id)
        #expect(deleted.status == 0, "delete: \(deleted.stderr)")
        #expect(!TCFiles.exists(TCCgroup.dir("memory", scope)), "scope cgroup left behind")
    }

    // MARK: - exit codes

    @Test func exitCodes() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        #expect(try rt("no-such-verb").status == 1)
        #expect(try rt("state").status == 1, "missing id")
        #expect(try rt("list", "--no-such-flag").status == 1)
        #expect(try rt("--version").status == 0)
        #expect(try rt("--help").status == 0)

        let code = try TestBundle(args: ["sh", "-c", "exit 42"])
        #expect(try rt.run(code).status == 42)
        let ok = try TestBundle(args: ["true"])
        #expect(try rt.run(ok).status == 0)
        // Killed by signal n: 128+n. Without a pid namespace sh is not pid 1, so it can kill itself.
        for (signal, expected) in [("KILL", Int32(137)), ("TERM", Int32(143))] {
            let b = try TestBundle(args: ["sh", "-c", "kill -\(signal) $$; sleep 5"]) {
                $0.linux?.namespaces?.removeAll { $0.type == .pid }
            }
            let r = try rt.run(b)
            #expect(r.status == expected, "killed by SIG\(signal): exit \(r.status), stderr \(r.stderr)")
        }
        // A container whose executable does not exist: run fails with 1-class error, and nothing stays behind.
        let missing = try TestBundle(args: ["/no/such/binary"])
        let m = try rt.run(missing)
        #expect(m.status != 0)
        #expect(m.stderr.contains("/no/such/binary"), "got: \(m.stderr)")
        #expect((try rt("list", "-q")).stdout.isEmpty, "foreground run left containers behind")
    }
}
