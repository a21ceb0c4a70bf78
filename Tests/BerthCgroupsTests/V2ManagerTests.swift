@testable import BerthCgroups
import BerthCore
import BerthLinux
import BerthOCI
import Glibc
import Testing

/// The v2 backend on whatever cgroup2 mount the host has: /sys/fs/cgroup on v2 hosts, the controller-less
/// /sys/fs/cgroup/unified on hybrid ones. Core interface files (cgroup.procs, cgroup.freeze, cgroup.max.*,
/// cpu.stat) and BPF device programs work there even with no controllers enabled.
@Suite(.serialized, .enabled(if: TestSupport.isRoot, "writes to /sys/fs/cgroup need root"),
       .enabled(if: (try? CgroupMounts.load())?.unified != nil, "host has no cgroup2 mount"))
struct V2ManagerTests {
    static func makeManager(_ label: String) throws -> V2Manager {
        let mount = try #require(try CgroupMounts.load().unified).mountPoint
        let m = V2Manager(path: mount + "/" + TestSupport.uniqueName(label), mountPoint: mount)
        try m.create()
        return m
    }

    @Test func lifecycleFreezeAndCoreUnifiedKeys() throws {
        let m = try Self.makeManager("v2life")
        defer { try? m.destroy() }
        #expect(FileIO.isDirectory(m.path))
        try m.create()  // idempotent
        let pid = try TestSupport.spawnShell("exec sleep 60")
        defer { TestSupport.killAndReap(pid) }
        try m.apply(pid: pid)
        #expect(try m.pids() == [pid])
        #expect(try FileIO.readString("/proc/\(pid)/cgroup").contains("0::/" + (m.path.split(separator: "/").last.map(String.init) ?? "")))

        try m.freeze()
        #expect(m.isFrozen())
        #expect(TestSupport.read(m.path, "cgroup.events").contains("frozen 1"))
        try m.thaw()
        #expect(!m.isFrozen())
        #expect(TestSupport.read(m.path, "cgroup.events").contains("frozen 0"))

        var r = LinuxResources()
        r.unified = ["cgroup.max.depth": "3"]
        try m.set(r)
        #expect(TestSupport.read(m.path, "cgroup.max.depth") == "3")

        r.unified = ["..": "1"]
        #expect(throws: BerthError.self) { try m.set(r) }
        r.unified = ["no.such.file": "1"]
        do {
            try m.set(r)
            Issue.record("writing a missing interface file must fail")
        } catch {
            #expect("\(error)".contains("linux.resources.unified[\"no.such.file\"]"), "\(error)")
        }

        let restored = try Cgroups.manager(restoring: m.paths)
        #expect(restored.mode == .v2)
        #expect(try restored.pids() == [pid])
    }

    @Test func statsReportCPUWork() throws {
        let m = try Self.makeManager("v2stats")
        defer { try? m.destroy() }
        let go = TestSupport.tempPath("go"), done = TestSupport.tempPath("done")
        defer { unlink(go); unlink(done) }
        let work = "i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done; touch \(done); exec sleep 60"
        let pid = try TestSupport.spawnShell(TestSupport.gated(go, work))
        defer { TestSupport.killAndReap(pid) }
        try m.apply(pid: pid)
        try TestSupport.touch(go)
        #expect(TestSupport.waitForFile(done))
        let s = try m.stats()
        #expect(s.cpu.usage.total > 0)
        #expect(s.cpu.usage.user + s.cpu.usage.kernel > 0)
    }

    /// Loads and attaches a real BPF device filter, then checks the kernel enforces it on a process in the cgroup.
    @Test func deviceFilterIsEnforcedByTheKernel() throws {
        let m = try Self.makeManager("v2dev")
        defer { try? m.destroy() }
        // /dev/null (1:3) is allowed for rw, /dev/zero (1:5) is not.
        func probe() throws -> [Substring] {
            let go = TestSupport.tempPath("go"), out = TestSupport.tempPath("out")
            defer { unlink(go); unlink(out) }
            let body = "(exec 3</dev/null) 2>/dev/null; a=$?; (exec 4</dev/zero) 2>/dev/null; b=$?; echo \"$a $b\" > \(out).tmp; mv \(out).tmp \(out)"
            let pid = try TestSupport.spawnShell(TestSupport.gated(go, body))
            try m.apply(pid: pid)
            try TestSupport.touch(go)
            #expect(TestSupport.waitExit(pid) == 0)
            return try #require(FileIO.readTrimmed(out)).split(separator: " ")
        }
        // Control: without a filter both devices open.
        #expect(try probe() == ["0", "0"])

        var r = LinuxResources()
        r.devices = [
            DeviceCgroupRule(allow: false, access: "rwm"),
            DeviceCgroupRule(allow: true, type: "c", major: 1, minor: 3, access: "rw"),
        ]
        try m.set(r)
        #expect(V2DevicesController.attachedProgramIDs(dir: m.path).count == 1)
        // Setting again replaces rather than stacks programs.
        try m.set(r)
        #expect(V2DevicesController.attachedProgramIDs(dir: m.path).count == 1)

        let result = try probe()
        #expect(result.first == "0", "/dev/null must open")
        #expect(result.count == 2 && result.last != "0", "/dev/zero must be denied by the filter: \(result)")
    }

    /// Typed resources need controllers in cgroup.subtree_control; on a hybrid host the cgroup2 mount has none, so
    /// this runs only where the kernel offers them.
    @Test func typedResourcesWhereControllersExist() throws {
        let m = try Self.makeManager("v2res")
        defer { try? m.destroy() }
        guard FileIO.exists(m.path + "/memory.max"), FileIO.exists(m.path + "/pids.max"), FileIO.exists(m.path + "/cpu.max") else {
            var r = LinuxResources()
            r.pids = PidsResources(limit: 5)
            do {
                try m.set(r)
                Issue.record("pids.max should be missing without the pids controller")
            } catch {
                #expect("\(error)".contains("linux.resources.pids.limit"), "\(error)")
            }
            return
        }
        var r = LinuxResources()
        var mem = MemoryResources()
        mem.limit = 64 << 20
        mem.reservation = 16 << 20
        r.memory = mem
        var cpu = CPUResources()
        cpu.shares = 1024
        cpu.quota = 50000
        cpu.period = 100000
        r.cpu = cpu
        r.pids = PidsResources(limit: 9)
        try m.set(r)
        #expect(TestSupport.read(m.path, "memory.max") == "\(64 << 20)")
        #expect(TestSupport.read(m.path, "memory.low") == "\(16 << 20)")
        #expect(TestSupport.read(m.path, "cpu.weight") == "39")
        #expect(TestSupport.read(m.path, "cpu.max") == "50000 100000")
        #expect(TestSupport.read(m.path, "pids.max") == "9")
    }
}
