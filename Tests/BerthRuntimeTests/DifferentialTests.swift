import BerthOCI
import Foundation
import Glibc
import Testing

/// The same bundles under runc (Debian's 1.1.5) and berth-runtime, compared. Where the two differ in
/// harmless ways the comparison normalizes, and a comment says why.
@Suite(.enabled(if: TestEnv.privileged && TestEnv.runc != nil, "needs root, the busybox rootfs, a built berth-runtime and runc"))
struct DifferentialTests {
    struct Pair {
        let berth = RuntimeCLI.berth()
        let runc: RuntimeCLI
        var both: [(name: String, rt: RuntimeCLI)] { [("berth-runtime", berth), ("runc", runc)] }
        init() throws { runc = try #require(RuntimeCLI.runc()) }
        func cleanup() { berth.cleanup(); runc.cleanup() }
    }

    /// Ids of equal length for both runtimes, so table layouts are comparable.
    static func ids(_ prefix: String) -> (berth: String, runc: String) {
        let n = TestEnv.uniqueName(prefix)
        return ("b" + n, "r" + n)
    }

    @Test func exitCodeStdoutAndStderr() throws {
        let p = try Pair()
        defer { p.cleanup() }
        let bundle = try TestBundle(args: ["sh", "-c", "echo out; echo err >&2; exit 42"])
        let b = try p.berth.run(bundle)
        let r = try p.runc.run(bundle)
        #expect(r.status == 42)
        #expect(b.status == r.status)
        #expect(b.stdout == r.stdout)
        #expect(b.stderr == r.stderr, "stderr: berth \(b.stderr.debugDescription) runc \(r.stderr.debugDescription)")
    }

    @Test func exitCodeWhenKilledBySignal() throws {
        let p = try Pair()
        defer { p.cleanup() }
        // Without a pid namespace sh is not pid 1 and can kill itself.
        let bundle = try TestBundle(args: ["sh", "-c", "kill -KILL $$"]) { $0.linux?.namespaces?.removeAll { $0.type == .pid } }
        let b = try p.berth.run(bundle)
        let r = try p.runc.run(bundle)
        #expect(r.status == 137)
        #expect(b.status == r.status)
    }

    @Test func missingExecutableFailsBoth() throws {
        let p = try Pair()
        defer { p.cleanup() }
        let bundle = try TestBundle(args: ["/no/such/binary"])
        let b = try p.berth.run(bundle)
        let r = try p.runc.run(bundle)
        #expect(r.status == 1)
        #expect(b.status == r.status)
        // runc: exec: "/no/such/binary": stat /no/such/binary: no such file or directory
        let common = "stat /no/such/binary: no such file or directory"
        #expect(r.stderr.contains(common))
        #expect(b.stderr.contains(common), "berth: \(b.stderr)")
        #expect(try p.berth("list", "-q").stdout.isEmpty && p.runc("list", "-q").stdout.isEmpty)
    }

    /// What a process observes inside the default container: identity, environment, capabilities,
    /// limits, /dev, open fds and mounts.
    @Test func theDefaultContainerLooksTheSame() throws {
        let p = try Pair()
        defer { p.cleanup() }
        let script = """
        id; hostname; pwd; echo "home=$HOME"; env | sort
        grep -E '^(Cap|NoNewPrivs|Seccomp|Umask)' /proc/self/status
        ulimit -n; ulimit -u
        ls -la /dev | sed 1d | awk '{print $1, $NF}'
        ls /proc/self/fd
        echo mounts:; cut -d' ' -f5,6,9 /proc/self/mountinfo
        """
        let bundle = try TestBundle(args: ["sh", "-c", script]) { $0.hostname = "difftest" }
        let b = try p.berth.run(bundle)
        let r = try p.runc.run(bundle)
        #expect(b.status == 0 && r.status == 0, "berth \(b.stderr) runc \(r.stderr)")
        func split(_ out: String) -> (head: [String], mounts: Set<String>) {
            let parts = out.components(separatedBy: "mounts:\n")
            let head = parts[0].split(separator: "\n").map(String.init)
            let mounts = (parts.count > 1 ? parts[1] : "").split(separator: "\n").compactMap { line -> String? in
                let f = line.split(separator: " ").map(String.init)
                guard f.count == 3 else { return nil }
                // berth-runtime also mounts the hybrid host's cgroup2 hierarchy (runc 1.1 leaves it out).
                if f[0] == "/sys/fs/cgroup/unified" { return nil }
                // The tmpfs holding the cgroup mounts: runc leaves it rw under the ro v1 mounts, berth-runtime
                // makes it ro. Either way nothing can be written there; compare without the rw/ro flag.
                if f[0] == "/sys/fs/cgroup" { return f[0] + " " + f[2] }
                // The source of the named systemd hierarchy ("systemd" vs "cgroup") is cosmetic.
                return f[0] + " " + f[1] + (f[0] == "/sys/fs/cgroup/systemd" ? "" : " " + f[2])
            }
            return (head, Set(mounts))
        }
        let (bh, bm) = split(b.stdout)
        let (rh, rm) = split(r.stdout)
        let onlyB = bh.filter { !rh.contains($0) }
        let onlyR = rh.filter { !bh.contains($0) }
        #expect(onlyB.isEmpty && onlyR.isEmpty, "only berth-runtime: \(onlyB)\nonly runc: \(onlyR)")
        if onlyB.isEmpty && onlyR.isEmpty { #expect(bh == rh, "same lines in another order") }
        // Mount order differs harmlessly (readonlyPaths vs maskedPaths first); compare as sets.
        #expect(bm == rm, "mounts only in berth-runtime: \(bm.subtracting(rm))\nonly in runc: \(rm.subtracting(bm))")
    }

    @Test func stateAfterCreate() throws {
        let p = try Pair()
        defer { p.cleanup() }
        let bundle = try LifecycleTests.sleeper()
        let ids = Self.ids("st")
        try #require(try p.berth.tcCreate(bundle, id: ids.berth).status == 0)
        try #require(try p.runc.tcDetached(["create", "--bundle", bundle.dir, ids.runc], stdout: bundle.tcOutPath(ids.runc), stderr: bundle.tcErrPath(ids.runc)).status == 0)
        let b = try #require(p.berth.tcState(ids.berth))
        let r = try #require(p.runc.tcState(ids.runc))
        // ociVersion: runc 1.1.5 reports the spec it was built with (1.0.2-dev); owner: runc leaves it
        // empty in `state` (it fills it only in `list`). Neither is compared.
        let compared = ["status", "bundle", "rootfs"]
        for key in compared {
            #expect((b[key] as? String) == (r[key] as? String), "\(key): berth \(String(describing: b[key])) runc \(String(describing: r[key]))")
        }
        #expect(b["status"] as? String == "created")
        #expect(((b["pid"] as? NSNumber)?.intValue ?? 0) > 0 && ((r["pid"] as? NSNumber)?.intValue ?? 0) > 0)
        #expect(Set(r.keys).subtracting(["annotations"]).isSubset(of: Set(b.keys)), "keys: berth \(b.keys.sorted()) runc \(r.keys.sorted())")
        #expect(b["created"] is String && r["created"] is String)
    }

    @Test func listTableJSONAndQuiet() throws {
        let p = try Pair()
        defer { p.cleanup() }
        let bundle = try LifecycleTests.sleeper()
        let ids = Self.ids("ls")
        try #require(try p.berth.tcRunDetached(bundle, id: ids.berth).status == 0)
        try #require(try p.runc.tcDetached(["run", "-d", "--bundle", bundle.dir, ids.runc], stdout: bundle.tcOutPath(ids.runc), stderr: bundle.tcErrPath(ids.runc)).status == 0)

        func table(_ rt: RuntimeCLI, _ id: String) throws -> (header: String, row: [String], starts: [Int]) {
            let lines = try rt("list").stdout.split(separator: "\n").map(String.init)
            try #require(lines.count == 2, "list: \(lines)")
            let header = lines[0]
            let starts = header.split(separator: " ").compactMap { header.range(of: String($0))?.lowerBound.utf16Offset(in: header) }
            let pid = rt.tcPid(id) ?? -1
            // Normalize what legitimately differs: the id, pid and creation time.
            let row = lines[1].split(separator: " ").map(String.init).enumerated().map { i, f in
                i == 0 ? (f == id ? "<id>" : f) : i == 1 ? (f == String(pid) ? "<pid>" : f) : i == 4 ? "<created>" : f
            }
            return (header.split(separator: " ").joined(separator: " "), row, starts)
        }
        let b = try table(p.berth, ids.berth)
        let r = try table(p.runc, ids.runc)
        #expect(b.header == r.header)
        #expect(b.row == r.row, "berth \(b.row) runc \(r.row)")
        // The ID..STATUS columns have the same widths (same id and pid lengths); later ones depend on the
        // creation timestamp, whose length varies (Go trims trailing zeros of the nanoseconds).
        #expect(Array(b.starts.prefix(4)) == Array(r.starts.prefix(4)), "column starts: berth \(b.starts) runc \(r.starts)")

        let bj = try #require(TCJSON.any(try p.berth("list", "--format", "json").stdout) as? [[String: Any]])
        let rj = try #require(TCJSON.any(try p.runc("list", "--format", "json").stdout) as? [[String: Any]])
        #expect(bj.map { Set($0.keys) } == rj.map { Set($0.keys) }, "json keys: berth \(bj.map { $0.keys.sorted() }) runc \(rj.map { $0.keys.sorted() })")
        #expect(bj.first?["owner"] as? String == rj.first?["owner"] as? String)
        #expect(bj.first?["status"] as? String == rj.first?["status"] as? String)

        #expect(try p.berth("list", "-q").stdout == ids.berth + "\n")
        #expect(try p.runc("list", "-q").stdout == ids.runc + "\n")
    }

    @Test func emptyListJSON() throws {
        let p = try Pair()
        defer { p.cleanup() }
        // runc prints `null` (a nil Go slice); an empty array means the same to every JSON consumer.
        func normalized(_ s: String) -> String {
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            return t == "null" ? "[]" : t
        }
        #expect(normalized(try p.berth("list", "--format", "json").stdout) == normalized(try p.runc("list", "--format", "json").stdout))
        #expect(try p.berth("list").stdout.split(separator: " ") == p.runc("list").stdout.split(separator: " "))
    }

    /// Illegal transitions fail in both with exit 1 and the same message (runc's is prefixed by its
    /// logrus fields: compare the message text only).
    @Test func illegalTransitionsFailAlike() throws {
        let p = try Pair()
        defer { p.cleanup() }
        let once = try TestBundle(args: ["true"])
        let sleeper = try LifecycleTests.sleeper()
        let stopped = Self.ids("stp")
        let running = Self.ids("run")
        for (name, rt, ids) in [("berth", p.berth, stopped), ("runc", p.runc, stopped)] {
            let id = name == "berth" ? ids.berth : ids.runc
            try #require(try rt.tcDetached(["run", "-d", "--bundle", once.dir, id], stdout: once.tcOutPath(id), stderr: once.tcErrPath(id)).status == 0)
            #expect(TCHost.waitUntil { rt.tcStatus(id) == "stopped" }, "\(name): \(id) did not stop")
        }
        for (name, rt, ids) in [("berth", p.berth, running), ("runc", p.runc, running)] {
            let id = name == "berth" ? ids.berth : ids.runc
            try #require(try rt.tcDetached(["run", "-d", "--bundle", sleeper.dir, id], stdout: sleeper.tcOutPath(id), stderr: sleeper.tcErrPath(id)).status == 0)
        }
        func both(_ args: (String) -> [String], stopped useStopped: Bool, expect message: (String) -> String) throws {
            let ids = useStopped ? stopped : running
            let b = try p.berth.call(args(ids.berth))
            let r = try p.runc.call(args(ids.runc))
            #expect(r.status == 1, "runc \(args(ids.runc)): \(r.stderr)")
            #expect(b.status == r.status, "\(args(ids.berth)): berth \(b.status) runc \(r.status)")
            #expect(r.stderr.contains(message(ids.runc)), "runc: \(r.stderr)")
            #expect(b.stderr.contains(message(ids.berth)), "berth: \(b.stderr)")
        }
        try both({ ["start", $0] }, stopped: true) { _ in "cannot start a container that has stopped" }
        try both({ ["kill", $0, "KILL"] }, stopped: true) { _ in "container not running" }
        try both({ ["start", $0] }, stopped: false) { _ in "cannot start an already running container" }
        try both({ ["delete", $0] }, stopped: false) { "cannot delete container \($0) that is not stopped: running" }
        try both({ ["resume", $0] }, stopped: false) { _ in "not paused" }
        // runc 1.1.5: "container with given ID already exists"; berth-runtime: "container with id exists: ID".
        try both({ ["create", "--bundle", sleeper.dir, $0] }, stopped: false) { _ in "exists" }
        // runc: "container does not exist"; berth-runtime adds the id.
        try both({ ["state", $0 + "-missing"] }, stopped: false) { _ in "container does not exist" }
        // Both still running, untouched.
        #expect(p.berth.tcStatus(running.berth) == "running" && p.runc.tcStatus(running.runc) == "running")
    }

    /// Every verb on an unknown id: exit 1 and "container does not exist" in both; `delete --force`
    /// of an unknown id succeeds in both (runc: a forced delete is idempotent).
    @Test func unknownIdsAlike() throws {
        let p = try Pair()
        defer { p.cleanup() }
        let id = TestEnv.uniqueName("ghost")
        for args in [["state", id], ["start", id], ["kill", id], ["delete", id], ["ps", id], ["pause", id], ["resume", id],
                     ["events", "--stats", id], ["update", "--pids-limit", "5", id]] {
            let b = try p.berth.call(args)
            let r = try p.runc.call(args)
            #expect(r.status == 1 && b.status == 1, "\(args): berth \(b.status) runc \(r.status)")
            #expect(b.stderr.contains("container does not exist") && r.stderr.contains("container does not exist"),
                    "\(args): berth \(b.stderr) runc \(r.stderr)")
        }
        let b = try p.berth("delete", "--force", id)
        let r = try p.runc("delete", "--force", id)
        #expect(r.status == 0 && b.status == 0, "delete --force: berth \(b.status) \(b.stderr) runc \(r.status)")
    }

    @Test func sameCgroupLimitsOnTheHostAndInside() throws {
        let p = try Pair()
        defer { p.cleanup() }
        let parent = "/" + TestEnv.uniqueName("berth-tc-diff")
        defer { for c in ["memory", "cpu", "cpuacct", "cpuset", "pids", "devices", "freezer", "blkio", "systemd", "unified"] { rmdir(TCCgroup.dir(c, parent)) } }
        let ids = Self.ids("cgd")
        let script = "cd /sys/fs/cgroup; cat memory/memory.limit_in_bytes cpu/cpu.shares cpu/cpu.cfs_quota_us pids/pids.max; grep -c . devices/devices.list"
        var outputs: [String: String] = [:]
        var host: [String: [String?]] = [:]
        for (name, rt, id) in [("berth", p.berth, ids.berth), ("runc", p.runc, ids.runc)] {
            let bundle = try TestBundle(args: ["sh", "-c", script + "; sleep 1000"]) {
                $0.linux?.cgroupsPath = parent + "/" + id
                var m = MemoryResources()
                m.limit = 48 << 20
                $0.linux?.resources?.memory = m
                var c = CPUResources()
                c.shares = 300
                c.quota = 25000
                c.period = 100_000
                $0.linux?.resources?.cpu = c
                $0.linux?.resources?.pids = PidsResources(limit: 33)
            }
            try #require(try rt.tcRunDetached(bundle, id: id).status == 0, "\(name): \(TCFiles.read(bundle.tcErrPath(id)) ?? "")")
            #expect(TCHost.waitUntil { bundle.tcOutput(id).split(separator: "\n").count >= 5 })
            outputs[name] = bundle.tcOutput(id)
            let path = parent + "/" + id
            host[name] = [("memory", "memory.limit_in_bytes"), ("cpu", "cpu.shares"), ("cpu", "cpu.cfs_quota_us"), ("pids", "pids.max"),
                          ("devices", "devices.list")].map { TCFiles.value(TCCgroup.dir($0.0, path + "/" + $0.1)) }
                // The kernel lists device rules in the order they were written; the order is not a difference.
                .map { $0.map { $0.split(separator: "\n").sorted().joined(separator: "\n") } }
            let pids = (TCJSON.any(try rt("ps", "--format", "json", id).stdout) as? [NSNumber])?.map(\.int32Value)
            #expect(pids == [rt.tcPid(id) ?? -1], "\(name) ps --format json: \(String(describing: pids))")
            #expect(try rt("delete", "--force", id).status == 0)
            #expect(!TCFiles.exists(TCCgroup.dir("memory", path)), "\(name) left its cgroup")
        }
        #expect(outputs["berth"] == outputs["runc"], "inside: berth \(outputs["berth"] ?? "") runc \(outputs["runc"] ?? "")")
        #expect(host["berth"] == host["runc"], "host: berth \(String(describing: host["berth"])) runc \(String(describing: host["runc"]))")
    }

    @Test func pauseResumeAndStatsAlike() throws {
        let p = try Pair()
        defer { p.cleanup() }
        let bundle = try LifecycleTests.sleeper()
        let ids = Self.ids("pz")
        for (name, rt, id) in [("berth", p.berth, ids.berth), ("runc", p.runc, ids.runc)] {
            try #require(try rt.tcRunDetached(bundle, id: id).status == 0, "\(name)")
            #expect(try rt("pause", id).status == 0)
            #expect(rt.tcStatus(id) == "paused", "\(name) after pause")
            #expect(try rt("resume", id).status == 0)
            #expect(rt.tcStatus(id) == "running", "\(name) after resume")
        }
        // events --stats: the same document shape for the fields both fill. runc additionally reports
        // cpuset, intel_rdt and network_interfaces sections and per-cpu kernel/user splits.
        func shape(_ rt: RuntimeCLI, _ id: String) throws -> [String] {
            let doc = try #require(TCJSON.object(try rt.call(["events", "--stats", id], timeout: 20).stdout))
            let data = doc["data"] as? [String: Any]
            let mem = data?["memory"] as? [String: Any]
            let cpu = (data?["cpu"] as? [String: Any])?["usage"] as? [String: Any]
            return [doc["type"] as? String ?? "-", doc["id"] as? String == id ? "id" : "-",
                    ((mem?["usage"] as? [String: Any])?["usage"] as? NSNumber).map { $0.intValue > 0 ? "mem>0" : "mem=0" } ?? "-",
                    ((data?["pids"] as? [String: Any])?["current"] as? NSNumber).map { "pids=\($0)" } ?? "-",
                    (cpu?["total"] as? NSNumber).map { $0.intValue > 0 ? "cpu>0" : "cpu=0" } ?? "-",
                    mem.map { Set($0.keys).isSuperset(of: ["usage", "swap", "kernel", "kernelTCP", "raw"]) ? "memkeys" : "-" } ?? "-"]
        }
        #expect(try shape(p.berth, ids.berth) == shape(p.runc, ids.runc))
        #expect(try shape(p.runc, ids.runc) == ["stats", "id", "mem>0", "pids=1", "cpu>0", "memkeys"])
    }
}
