@testable import BerthCgroups
import BerthCore
import BerthLinux
import BerthOCI
import Glibc
import Testing

/// Real cgroupfs on the host's v1 hierarchies (v1 or hybrid hosts), each test in its own uniquely named cgroup.
@Suite(.serialized, .enabled(if: TestSupport.isRoot, "writes to /sys/fs/cgroup need root"),
       .enabled(if: (try? CgroupMode.detect()) != .v2, "host has no cgroup v1 hierarchies"))
struct V1ManagerTests {
    static func makeManager(_ label: String) throws -> any CgroupManager {
        let m = try Cgroups.manager(cgroupsPath: "/" + TestSupport.uniqueName(label), containerID: "x", systemd: false)
        try m.create()
        return m
    }

    static func blockDevice() -> (Int64, Int64)? {
        for name in ((try? FileIO.list("/sys/block")) ?? []).sorted() where !name.hasPrefix("loop") && !name.hasPrefix("ram") {
            guard let dev = FileIO.readTrimmed("/sys/block/\(name)/dev") else { continue }
            let p = dev.split(separator: ":")
            if p.count == 2, let a = Int64(p[0]), let b = Int64(p[1]) { return (a, b) }
        }
        return nil
    }

    @Test func createSetAndReadBackLimits() throws {
        let m = try Self.makeManager("limits")
        defer { try? m.destroy() }
        for dir in Set(m.paths.values) { #expect(FileIO.isDirectory(dir), "\(dir)") }

        var r = LinuxResources()
        var mem = MemoryResources()
        mem.limit = 64 << 20
        mem.reservation = 32 << 20
        mem.swap = 128 << 20
        mem.swappiness = 10
        mem.disableOOMKiller = true
        mem.useHierarchy = true
        r.memory = mem
        var cpu = CPUResources()
        cpu.shares = 512
        cpu.quota = 50000
        cpu.period = 100000
        cpu.cpus = "0"
        cpu.mems = "0"
        r.cpu = cpu
        r.pids = PidsResources(limit: 42)
        var blkio = BlockIOResources()
        let dev = Self.blockDevice()
        if let (major, minor) = dev {
            blkio.throttleReadBpsDevice = [ThrottleDevice(major: major, minor: minor, rate: 1 << 20)]
            blkio.throttleWriteIOPSDevice = [ThrottleDevice(major: major, minor: minor, rate: 100)]
        }
        r.blockIO = blkio
        r.devices = [
            DeviceCgroupRule(allow: false, access: "rwm"),
            DeviceCgroupRule(allow: true, type: "c", major: 1, minor: 3, access: "rwm"),
            DeviceCgroupRule(allow: true, type: "c", access: "m"),
            DeviceCgroupRule(allow: true, type: "c", major: 136, access: "rw"),
        ]
        try m.set(r)

        let memory = try #require(m.paths["memory"])
        #expect(TestSupport.read(memory, "memory.limit_in_bytes") == "\(64 << 20)")
        #expect(TestSupport.read(memory, "memory.soft_limit_in_bytes") == "\(32 << 20)")
        if FileIO.exists(memory + "/memory.memsw.limit_in_bytes") {
            #expect(TestSupport.read(memory, "memory.memsw.limit_in_bytes") == "\(128 << 20)")
        }
        #expect(TestSupport.read(memory, "memory.swappiness") == "10")
        #expect(TestSupport.read(memory, "memory.oom_control").contains("oom_kill_disable 1"))
        let cpuDir = try #require(m.paths["cpu"])
        #expect(TestSupport.read(cpuDir, "cpu.shares") == "512")
        #expect(TestSupport.read(cpuDir, "cpu.cfs_quota_us") == "50000")
        #expect(TestSupport.read(cpuDir, "cpu.cfs_period_us") == "100000")
        let cpuset = try #require(m.paths["cpuset"])
        #expect(TestSupport.read(cpuset, "cpuset.cpus") == "0")
        #expect(TestSupport.read(cpuset, "cpuset.mems") == "0")
        let pids = try #require(m.paths["pids"])
        #expect(TestSupport.read(pids, "pids.max") == "42")
        if let (major, minor) = dev, let blk = m.paths["blkio"] {
            #expect(TestSupport.read(blk, "blkio.throttle.read_bps_device") == "\(major):\(minor) \(1 << 20)")
            #expect(TestSupport.read(blk, "blkio.throttle.write_iops_device") == "\(major):\(minor) 100")
        }
        let devices = try #require(m.paths["devices"])
        let list = TestSupport.read(devices, "devices.list").split(separator: "\n").map(String.init)
        #expect(Set(list) == ["c 1:3 rwm", "c *:* m", "c 136:* rw"])

        // `update` path: the same call changes values in place.
        var update = LinuxResources()
        update.pids = PidsResources(limit: -1)
        var cpu2 = CPUResources()
        cpu2.quota = -1
        update.cpu = cpu2
        try m.set(update)
        #expect(TestSupport.read(pids, "pids.max") == "max")
        #expect(TestSupport.read(cpuDir, "cpu.cfs_quota_us") == "-1")
        #expect(TestSupport.read(memory, "memory.limit_in_bytes") == "\(64 << 20)")
    }

    @Test func processJoinsFreezesThawsAndShowsUp() throws {
        let m = try Self.makeManager("procs")
        defer { try? m.destroy() }
        let pid = try TestSupport.spawnShell("exec sleep 60")
        defer { TestSupport.killAndReap(pid) }
        try m.apply(pid: pid)
        #expect(try m.pids() == [pid])
        // Every hierarchy, including the cpuset one that starts empty on v1, holds the process.
        let cgroupFile = try FileIO.readString("/proc/\(pid)/cgroup")
        for (key, dir) in m.paths {
            let procs = TestSupport.read(dir, "cgroup.procs")
            #expect(procs == "\(pid)", "\(key) \(dir)")
        }
        #expect(cgroupFile.contains("memory:/berthtest-"))

        #expect(!m.isFrozen())
        try m.freeze()
        #expect(m.isFrozen())
        let freezer = try #require(m.paths["freezer"])
        #expect(TestSupport.read(freezer, "freezer.state") == "FROZEN")
        try m.thaw()
        #expect(!m.isFrozen())
        #expect(TestSupport.read(freezer, "freezer.state") == "THAWED")

        // Reopening from the persisted paths reaches the same cgroup.
        let restored = try Cgroups.manager(restoring: m.paths)
        #expect(restored.paths == m.paths)
        #expect(try restored.pids() == [pid])
    }

    @Test func statsReportWork() throws {
        let m = try Self.makeManager("stats")
        defer { try? m.destroy() }
        let go = TestSupport.tempPath("go"), done = TestSupport.tempPath("done")
        defer { unlink(go); unlink(done) }
        let work = "i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done; dd if=/dev/zero of=/dev/null bs=16M count=2 2>/dev/null; touch \(done); exec sleep 60"
        let pid = try TestSupport.spawnShell(TestSupport.gated(go, work))
        defer { TestSupport.killAndReap(pid) }
        try m.apply(pid: pid)
        try TestSupport.touch(go)
        #expect(TestSupport.waitForFile(done))
        // `done` appears while `touch` is still alive; once it exits only the sleep is left.
        var s = try m.stats()
        for _ in 0..<100 where s.pids.current != 1 {
            usleep(20_000)
            s = try m.stats()
        }
        #expect(s.cpu.usage.total > 0)
        #expect(s.cpu.usage.user + s.cpu.usage.kernel > 0)
        #expect(!s.cpu.usage.percpu.isEmpty)
        #expect(s.memory.usage.usage > 0)
        #expect(s.memory.usage.max >= 16 << 20)
        #expect(!s.memory.raw.isEmpty)
        #expect(s.pids.current == 1)
    }

    @Test func destroyRemovesEveryDirectory() throws {
        let m = try Self.makeManager("destroy")
        // A nested sub-cgroup (as a container's own cgroup namespace might create) goes too.
        if let memory = m.paths["memory"] { try FileIO.mkdirAll(memory + "/child") }
        let pid = try TestSupport.spawnShell("exec sleep 60")
        try m.apply(pid: pid)
        TestSupport.killAndReap(pid)
        try m.destroy()
        for dir in m.paths.values { #expect(!FileIO.exists(dir), "\(dir)") }
        try m.destroy()  // missing is fine
    }

    @Test(.enabled(if: (try? CgroupMode.detect()) == .hybrid, "hybrid host only"))
    func hybridAlsoJoinsUnifiedAndWritesUnifiedKeys() throws {
        let m = try Self.makeManager("hybrid")
        defer { try? m.destroy() }
        #expect(m.mode == .hybrid)
        let unified = try #require(m.paths["unified"])
        #expect(FileIO.isDirectory(unified))
        let pid = try TestSupport.spawnShell("exec sleep 60")
        defer { TestSupport.killAndReap(pid) }
        try m.apply(pid: pid)
        #expect(TestSupport.read(unified, "cgroup.procs") == "\(pid)")
        var r = LinuxResources()
        r.unified = ["cgroup.max.depth": "5", "cgroup.max.descendants": "7"]
        try m.set(r)
        #expect(TestSupport.read(unified, "cgroup.max.depth") == "5")
        #expect(TestSupport.read(unified, "cgroup.max.descendants") == "7")
    }

    @Test func badInputFailsNamingTheField() throws {
        let m = try Self.makeManager("bad")
        defer { try? m.destroy() }
        func expectError(_ r: LinuxResources, _ needle: String, sourceLocation: SourceLocation = #_sourceLocation) {
            do {
                try m.set(r)
                Issue.record("expected an error mentioning \(needle)", sourceLocation: sourceLocation)
            } catch {
                #expect("\(error)".contains(needle), "\(error)", sourceLocation: sourceLocation)
            }
        }
        var r = LinuxResources()
        var cpu = CPUResources()
        cpu.cpus = "not-a-cpu-list"
        r.cpu = cpu
        expectError(r, "linux.resources.cpu.cpus")

        r = LinuxResources()
        r.unified = ["../../etc/passwd": "x"]
        expectError(r, "linux.resources.unified")
        r.unified = ["cgroup.procs": "1"]
        expectError(r, "linux.resources.unified")

        r = LinuxResources()
        var mem = MemoryResources()
        mem.swappiness = 200
        r.memory = mem
        expectError(r, "linux.resources.memory.swappiness")

        r = LinuxResources()
        r.devices = [DeviceCgroupRule(allow: true, type: "z")]
        expectError(r, "linux.resources.devices[0].type")

        if m.paths["hugetlb"] == nil {
            r = LinuxResources()
            r.hugepageLimits = [HugepageLimit(pageSize: "2MB", limit: 1 << 21)]
            expectError(r, "linux.resources.hugepageLimits")
        }
        if m.paths["net_cls"] == nil {
            r = LinuxResources()
            var net = NetworkResources()
            net.classID = 0x100001
            r.network = net
            expectError(r, "linux.resources.network.classID")
        }
        // Nothing requested from missing controllers: no error.
        try m.set(LinuxResources())
    }
}
