import BerthOCI
import Foundation
import Glibc
import Testing

/// linux.resources and cgroupsPath through the runtime on this hybrid host (v1 controllers plus an
/// empty cgroup2 at /sys/fs/cgroup/unified). Each test checks the host's cgroup files, what the
/// container reads from its own cgroup (the v1 hierarchies mounted at /sys/fs/cgroup inside, under a
/// cgroup namespace) and that delete removes the cgroup.
@Suite(.enabled(if: TestEnv.privileged && FileManager.default.fileExists(atPath: "/sys/fs/cgroup/memory/memory.limit_in_bytes"),
                "needs root, the busybox rootfs, a built berth-runtime and cgroup v1 controllers"))
struct CgroupResourceTests {
    struct Observed {
        var id: String
        /// stdout, then stderr.
        var output: String
        var stdout: String
        /// stdout lines.
        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    /// Creates a container running `script`, hands the host side to `host` between create and start
    /// (the cgroup is configured by then), starts it, waits for it to exit, then deletes it and checks
    /// that no directory is left at `cgroup` (default `/berth/<id>`) in any v1 hierarchy.
    static func observe(_ script: String, id: String = TestEnv.uniqueName("cg"), cgroup: String? = nil,
                        configure: (inout Spec) -> Void = { _ in }, host: (String) throws -> Void = { _ in }) throws -> Observed {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["sh", "-c", script], configure: configure)
        let path = cgroup ?? "/berth/\(id)"
        let created = try rt.tcCreate(bundle, id: id)
        try #require(created.status == 0, "create: \(created.stderr)")
        try host(path)
        let started = try rt("start", id)
        try #require(started.status == 0, "start: \(started.stderr)")
        #expect(TCHost.waitUntil(timeout: 30) { rt.tcStatus(id) == "stopped" }, "the container did not exit")
        let output = bundle.tcOutput(id) + (TCFiles.read(bundle.tcErrPath(id)) ?? "")
        let deleted = try rt("delete", id)
        #expect(deleted.status == 0, "delete: \(deleted.stderr)")
        for controller in ["memory", "cpu", "cpuset", "pids", "devices", "freezer", "blkio", "unified"] {
            #expect(!TCFiles.exists(TCCgroup.dir(controller, path)), "\(controller)\(path) left behind after delete")
        }
        return Observed(id: id, output: output, stdout: bundle.tcOutput(id))
    }

    static func value(_ controller: String, _ path: String, _ file: String) -> String? {
        TCFiles.value(TCCgroup.dir(controller, path + "/" + file))
    }

    @Test func memoryLimitReservationAndSwap() throws {
        let o = try Self.observe("cd /sys/fs/cgroup/memory && cat memory.limit_in_bytes memory.soft_limit_in_bytes memory.memsw.limit_in_bytes") {
            spec in
            var m = MemoryResources()
            m.limit = 64 << 20
            m.reservation = 32 << 20
            m.swap = 128 << 20
            spec.linux?.resources?.memory = m
        } host: { path in
            #expect(Self.value("memory", path, "memory.limit_in_bytes") == "67108864")
            #expect(Self.value("memory", path, "memory.soft_limit_in_bytes") == "33554432")
            #expect(Self.value("memory", path, "memory.memsw.limit_in_bytes") == "134217728")
        }
        #expect(o.lines == ["67108864", "33554432", "134217728"], "container reads: \(o.output)")
    }

    @Test func exceedingTheMemoryLimitOOMKills() throws {
        let script = "head -c 200m /dev/zero | sort > /dev/null; echo sort=$?; cd /sys/fs/cgroup/memory; grep oom_kill memory.oom_control; cat memory.max_usage_in_bytes"
        let o = try Self.observe(script) { spec in
            var m = MemoryResources()
            m.limit = 24 << 20
            m.swap = 24 << 20
            spec.linux?.resources?.memory = m
        }
        #expect(o.lines.first == "sort=137", "sort holding 200 MB under a 24 MB limit must be OOM-killed: \(o.output)")
        let kills = o.lines.first { $0.hasPrefix("oom_kill ") }.flatMap { Int($0.dropFirst("oom_kill ".count)) } ?? 0
        #expect(kills > 0, "the container's memory.oom_control counts no OOM kill: \(o.output)")
        #expect(o.lines.last == String(24 << 20), "max usage reached exactly the limit: \(o.output)")
    }

    @Test func cpuSharesQuotaAndPeriod() throws {
        let o = try Self.observe("cd /sys/fs/cgroup/cpu && cat cpu.shares cpu.cfs_quota_us cpu.cfs_period_us") { spec in
            var c = CPUResources()
            c.shares = 512
            c.quota = 20000
            c.period = 100_000
            spec.linux?.resources?.cpu = c
        } host: { path in
            #expect(Self.value("cpu", path, "cpu.shares") == "512")
            #expect(Self.value("cpu", path, "cpu.cfs_quota_us") == "20000")
            #expect(Self.value("cpu", path, "cpu.cfs_period_us") == "100000")
        }
        #expect(o.lines == ["512", "20000", "100000"], "container reads: \(o.output)")
    }

    @Test func cpusetPinsTheContainer() throws {
        // The last online CPU differs from the inherited "0-N" whenever there is more than one.
        let online = TCFiles.value("/sys/fs/cgroup/cpuset/cpuset.effective_cpus") ?? "0"
        let last = online.split(separator: ",").last.map { String($0.split(separator: "-").last ?? "0") } ?? "0"
        let o = try Self.observe("cat /sys/fs/cgroup/cpuset/cpuset.cpus /sys/fs/cgroup/cpuset/cpuset.mems; grep Cpus_allowed_list /proc/self/status; nproc") { spec in
            var c = CPUResources()
            c.cpus = last
            c.mems = "0"
            spec.linux?.resources?.cpu = c
        } host: { path in
            #expect(Self.value("cpuset", path, "cpuset.cpus") == last)
            #expect(Self.value("cpuset", path, "cpuset.mems") == "0")
        }
        #expect(o.lines.count == 4, "output: \(o.output)")
        #expect(o.lines.first == last)
        #expect(o.lines.dropFirst().first == "0")
        #expect(o.lines.dropFirst(2).first?.hasSuffix("\t\(last)") == true, "Cpus_allowed_list: \(o.output)")
        #expect(o.lines.last == "1", "nproc: \(o.output)")
    }

    @Test func pidsLimitStopsForks() throws {
        let o = try Self.observe("cat /sys/fs/cgroup/pids/pids.max; for i in $(seq 20); do sleep 5 & done; echo done; kill $(jobs -p) 2>/dev/null; true") { spec in
            spec.linux?.resources?.pids = PidsResources(limit: 10)
        } host: { path in
            #expect(Self.value("pids", path, "pids.max") == "10")
        }
        #expect(o.lines.first == "10", "container reads pids.max: \(o.output)")
        #expect(o.output.contains("can't fork"), "20 background sleeps under pids.max 10 must fail to fork: \(o.output)")
    }

    /// The weight file a container's blkio cgroup offers: CFQ's blkio.weight or BFQ's blkio.bfq.weight. The
    /// root cgroup has neither under BFQ, so probe a scratch child cgroup.
    static let blkioWeightFile: String? = {
        let probe = "/sys/fs/cgroup/blkio/" + TestEnv.uniqueName("berth-tc-probe")
        guard mkdir(probe, 0o755) == 0 else { return nil }
        defer { rmdir(probe) }
        return ["blkio.weight", "blkio.bfq.weight"].first { FileManager.default.fileExists(atPath: probe + "/" + $0) }
    }()

    @Test(.enabled(if: blkioWeightFile != nil, "this kernel's blkio controller has no weight file (no CFQ/BFQ weights)"))
    func blkioWeight() throws {
        let name = try #require(Self.blkioWeightFile)
        let o = try Self.observe("cat /sys/fs/cgroup/blkio/\(name)") { spec in
            var b = BlockIOResources()
            b.weight = 345
            spec.linux?.resources?.blockIO = b
        } host: { path in
            #expect(Self.value("blkio", path, name)?.hasSuffix("345") == true)
        }
        #expect(o.lines.first?.hasSuffix("345") == true, "container reads: \(o.output)")
    }

    /// Where the weight files are missing, asking for a weight must fail and name the field, not be dropped silently.
    @Test(.enabled(if: blkioWeightFile == nil && FileManager.default.fileExists(atPath: "/sys/fs/cgroup/blkio"),
                   "this host has a blkio weight file; blkioWeight covers it"))
    func blkioWeightWithoutWeightFilesFailsNamingTheField() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let id = TestEnv.uniqueName("blkw")
        let bundle = try TestBundle(args: ["true"]) {
            var b = BlockIOResources()
            b.weight = 345
            $0.linux?.resources?.blockIO = b
        }
        let r = try rt.tcCreate(bundle, id: id)
        #expect(r.status == 1)
        #expect(r.stderr.contains("linux.resources.blockIO.weight"), "got: \(r.stderr)")
        #expect(!TCFiles.exists(rt.tcStateDir(id)))
        #expect(!TCFiles.exists(TCCgroup.dir("blkio", "/berth/\(id)")))
        #expect(!TCFiles.exists(TCCgroup.dir("memory", "/berth/\(id)")))
    }

    /// The first whole disk (major:minor from /sys/block/<dev>/dev), skipping loop, ram and zram devices.
    static let disk: (major: Int64, minor: Int64)? = {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: "/sys/block")) ?? []).sorted()
        for name in names where !name.hasPrefix("loop") && !name.hasPrefix("ram") && !name.hasPrefix("zram") {
            let parts = (TCFiles.value("/sys/block/\(name)/dev") ?? "").split(separator: ":")
            if parts.count == 2, let ma = Int64(parts[0]), let mi = Int64(parts[1]) { return (ma, mi) }
        }
        return nil
    }()

    @Test(.enabled(if: disk != nil && FileManager.default.fileExists(atPath: "/sys/fs/cgroup/blkio/blkio.throttle.read_bps_device"),
                   "needs a block device and blkio throttling"))
    func blkioThrottle() throws {
        let disk = try #require(Self.disk)
        let o = try Self.observe("cat /sys/fs/cgroup/blkio/blkio.throttle.read_bps_device /sys/fs/cgroup/blkio/blkio.throttle.write_iops_device") { spec in
            var b = BlockIOResources()
            b.throttleReadBpsDevice = [ThrottleDevice(major: disk.major, minor: disk.minor, rate: 1_048_576)]
            b.throttleWriteIOPSDevice = [ThrottleDevice(major: disk.major, minor: disk.minor, rate: 100)]
            spec.linux?.resources?.blockIO = b
        } host: { path in
            #expect(Self.value("blkio", path, "blkio.throttle.read_bps_device") == "\(disk.major):\(disk.minor) 1048576")
            #expect(Self.value("blkio", path, "blkio.throttle.write_iops_device") == "\(disk.major):\(disk.minor) 100")
        }
        #expect(o.lines == ["\(disk.major):\(disk.minor) 1048576", "\(disk.major):\(disk.minor) 100"], "container reads: \(o.output)")
    }

    /// Deny everything, allow /dev/null: a device node the container makes for 8:0 cannot be opened
    /// (EPERM from the devices cgroup), while /dev/null works.
    @Test func devicesCgroupDeniesUnlistedDevices() throws {
        let script = "mknod /dev/fake-sda c 8 0 && echo made; head -c 1 /dev/fake-sda; echo x > /dev/null && echo null-ok; cat /sys/fs/cgroup/devices/devices.list"
        let addMknod = { (spec: inout Spec) in
            for set in [\Capabilities.bounding, \Capabilities.effective, \Capabilities.permitted] {
                spec.process?.capabilities?[keyPath: set]?.append("CAP_MKNOD")
            }
        }
        let denied = try Self.observe(script) { spec in
            addMknod(&spec)
            spec.linux?.resources?.devices = [DeviceCgroupRule(allow: false, access: "rwm"),
                                               DeviceCgroupRule(allow: true, type: "c", major: 1, minor: 3, access: "rwm")]
        } host: { path in
            let list = (TCFiles.read(TCCgroup.dir("devices", path + "/devices.list")) ?? "").split(separator: "\n").map(String.init)
            #expect(list.contains("c 1:3 rwm"), "devices.list: \(list)")
            #expect(!list.contains("a *:* rwm"), "devices.list still allows everything: \(list)")
            #expect(!list.contains { $0.hasPrefix("c 8:0") })
        }
        #expect(denied.lines.first == "made", "mknod: \(denied.output)")
        #expect(denied.output.contains("Operation not permitted"), "reading c 8:0 must be denied by the cgroup: \(denied.output)")
        #expect(denied.output.contains("null-ok"))
        #expect(denied.lines.contains("c 1:3 rwm"), "the container reads its own devices.list: \(denied.output)")

        // Control: allowing 8:0 changes the error from EPERM to whatever the (driverless) device gives.
        let allowed = try Self.observe(script) { spec in
            addMknod(&spec)
            spec.linux?.resources?.devices = [DeviceCgroupRule(allow: false, access: "rwm"),
                                               DeviceCgroupRule(allow: true, type: "c", major: 8, minor: 0, access: "rwm")]
        }
        #expect(!allowed.output.contains("Operation not permitted"), "with c 8:0 allowed: \(allowed.output)")
    }

    // MARK: - cgroupsPath

    /// The container's own view without a cgroup namespace: /proc/self/cgroup shows the full paths.
    static func withoutCgroupNamespace(_ spec: inout Spec) {
        spec.linux?.namespaces?.removeAll { $0.type == .cgroup }
    }

    static func cgroupLines(_ output: String) -> [String: String] {
        var map: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let f = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard f.count == 3 else { continue }
            for c in f[1].split(separator: ",", omittingEmptySubsequences: false) { map[String(c)] = String(f[2]) }
        }
        return map
    }

    @Test func absoluteCgroupsPath() throws {
        let parent = "/" + TestEnv.uniqueName("berth-tc-abs")
        defer { for c in ["memory", "cpu", "cpuacct", "cpuset", "pids", "devices", "freezer", "blkio", "systemd", "unified"] { rmdir(TCCgroup.dir(c, parent)) } }
        let id = TestEnv.uniqueName("cgabs")
        let o = try Self.observe("cat /proc/self/cgroup", id: id, cgroup: parent + "/" + id) { spec in
            spec.linux?.cgroupsPath = parent + "/" + id
            Self.withoutCgroupNamespace(&spec)
        } host: { path in
            let pid = TCFiles.read(TCCgroup.dir("memory", path + "/cgroup.procs")) ?? ""
            #expect(!pid.isEmpty, "memory\(path) holds no process")
            #expect(TCFiles.exists(TCCgroup.dir("pids", path)))
            #expect(!TCFiles.exists(TCCgroup.dir("memory", "/berth/\(id)")))
        }
        let seen = Self.cgroupLines(o.output)
        let expected = parent + "/" + o.id
        for c in ["memory", "cpu", "pids", "devices", "freezer"] {
            #expect(seen[c] == expected, "\(c) in /proc/self/cgroup: \(seen[c] ?? "nil")")
        }
        if TCCgroup.hybridUnified { #expect(seen[""] == expected, "unified in /proc/self/cgroup: \(seen[""] ?? "nil")") }
    }

    /// A relative cgroupsPath is relative to the cgroup of the runtime process in each hierarchy (runc):
    /// this test process sits in a non-root memory cgroup, the others at the root.
    @Test func relativeCgroupsPathJoinsTheRuntimesOwnCgroup() throws {
        let rel = TestEnv.uniqueName("berth-tc-rel")
        let ownMemory = try #require(TCCgroup.own("memory"))
        let ownPids = try #require(TCCgroup.own("pids"))
        func under(_ own: String) -> String { (own == "/" ? "" : own) + "/" + rel }
        defer {
            for (c, own) in [("memory", ownMemory), ("pids", ownPids)] { rmdir(TCCgroup.dir(c, under(own))) }
            for c in ["cpu", "cpuacct", "cpuset", "devices", "freezer", "blkio", "systemd", "unified"] {
                rmdir(TCCgroup.dir(c, under(TCCgroup.own(c == "unified" ? "" : (c == "systemd" ? "name=systemd" : c)) ?? "/")))
            }
        }
        var memoryDir = ""
        let id = TestEnv.uniqueName("cgrel")
        let o = try Self.observe("cat /proc/self/cgroup", id: id, cgroup: under(ownPids) + "/" + id) { spec in
            spec.linux?.cgroupsPath = rel + "/" + id
            Self.withoutCgroupNamespace(&spec)
        } host: { _ in
            memoryDir = TCCgroup.dir("memory", under(ownMemory) + "/" + id)
            #expect(TCFiles.exists(memoryDir), "relative path not under our memory cgroup \(ownMemory)")
            #expect(TCFiles.exists(TCCgroup.dir("pids", under(ownPids) + "/" + id)))
        }
        let seen = Self.cgroupLines(o.output)
        #expect(seen["memory"] == under(ownMemory) + "/" + o.id, "memory: \(seen["memory"] ?? "nil")")
        #expect(seen["pids"] == under(ownPids) + "/" + o.id, "pids: \(seen["pids"] ?? "nil")")
        #expect(!TCFiles.exists(memoryDir), "relative memory cgroup left behind after delete")
    }

    /// With a cgroup namespace (the default spec), every hierarchy's root is the container's cgroup,
    /// including the cgroup2 one on a hybrid host: /proc/self/cgroup shows "/" everywhere.
    @Test func cgroupNamespaceHidesTheHostPath() throws {
        let o = try Self.observe("cat /proc/self/cgroup")
        let seen = Self.cgroupLines(o.output)
        #expect(!seen.isEmpty, "output: \(o.output)")
        for (controller, path) in seen {
            #expect(path == "/", "\(controller.isEmpty ? "unified" : controller) shows \(path) inside a cgroup namespace")
        }
    }

    // MARK: - controllers this host lacks

    static func unmounted(_ controller: String) -> Bool {
        !(TCFiles.read("/proc/self/mountinfo") ?? "").split(separator: "\n").contains { line in
            line.contains(" - cgroup ") && line.split(separator: " ").last?.split(separator: ",").contains(Substring(controller)) == true
        }
    }

    static func expectRejected(field: String, configure: @escaping (inout Spec) -> Void) throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let id = TestEnv.uniqueName("nocg")
        let bundle = try TestBundle(args: ["true"], configure: configure)
        let r = try rt.tcCreate(bundle, id: id)
        #expect(r.status == 1)
        #expect(r.stderr.contains(field), "the error must name \(field): \(r.stderr)")
        #expect(!TCFiles.exists(rt.tcStateDir(id)), "state left behind")
        for c in ["memory", "pids", "cpu", "freezer", "devices", "unified"] {
            #expect(!TCFiles.exists(TCCgroup.dir(c, "/berth/\(id)")), "\(c) cgroup left behind")
        }
    }

    @Test(.enabled(if: unmounted("hugetlb"), "hugetlb is mounted here"))
    func hugetlbWithoutTheControllerFails() throws {
        try Self.expectRejected(field: "linux.resources.hugepageLimits") {
            $0.linux?.resources?.hugepageLimits = [HugepageLimit(pageSize: "2MB", limit: 4 << 20)]
        }
    }

    @Test(.enabled(if: unmounted("net_cls"), "net_cls is mounted here"))
    func netClassWithoutTheControllerFails() throws {
        try Self.expectRejected(field: "linux.resources.network.classID") {
            var n = NetworkResources()
            n.classID = 0x100001
            $0.linux?.resources?.network = n
        }
    }

    @Test(.enabled(if: unmounted("net_prio"), "net_prio is mounted here"))
    func netPrioritiesWithoutTheControllerFail() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["true"])
        try bundle.tcEditRawConfig { config in
            var linux = config["linux"] as? [String: Any] ?? [:]
            var resources = linux["resources"] as? [String: Any] ?? [:]
            resources["network"] = ["priorities": [["name": "eth0", "priority": 5]]]
            linux["resources"] = resources
            config["linux"] = linux
        }
        let id = TestEnv.uniqueName("nprio")
        let r = try rt.tcCreate(bundle, id: id)
        #expect(r.status == 1)
        #expect(r.stderr.contains("linux.resources.network.priorities"), "got: \(r.stderr)")
        #expect(!TCFiles.exists(rt.tcStateDir(id)))
        #expect(!TCFiles.exists(TCCgroup.dir("memory", "/berth/\(id)")))
    }

    // MARK: - unified on hybrid

    @Test(.enabled(if: TCCgroup.hybridUnified, "no cgroup2 hierarchy beside v1 here"))
    func unifiedKeysLandInTheCgroup2Directory() throws {
        let o = try Self.observe("cat /sys/fs/cgroup/unified/cgroup.max.depth 2>/dev/null || echo no-unified-mount") { spec in
            spec.linux?.resources?.unified = ["cgroup.max.depth": "3", "cgroup.max.descendants": "7"]
        } host: { path in
            #expect(Self.value("unified", path, "cgroup.max.depth") == "3")
            #expect(Self.value("unified", path, "cgroup.max.descendants") == "7")
            #expect(TCFiles.read(TCCgroup.dir("unified", path + "/cgroup.procs"))?.isEmpty == false, "the init is not in the cgroup2 directory")
        }
        // runc 1.1 does not mount cgroup2 inside on hybrid hosts; if this runtime does, it must be the container's own.
        if o.lines.first != "no-unified-mount" {
            #expect(o.lines.first == "3", "the container's /sys/fs/cgroup/unified is not its own cgroup: \(o.output)")
        }
    }

    @Test(.enabled(if: TCCgroup.hybridUnified, "no cgroup2 hierarchy beside v1 here"))
    func unknownUnifiedKeyFailsNamingIt() throws {
        try Self.expectRejected(field: "linux.resources.unified") {
            $0.linux?.resources?.unified = ["no.such-file": "1"]
        }
    }

    @Test func foregroundRunRemovesItsCgroup() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let id = TestEnv.uniqueName("fg")
        let bundle = try TestBundle(args: ["sh", "-c", "cat /sys/fs/cgroup/pids/pids.max"]) {
            $0.linux?.resources?.pids = PidsResources(limit: 17)
        }
        let r = try rt.run(bundle, id: id)
        #expect(r.status == 0)
        #expect(r.stdout == "17\n")
        for c in ["memory", "pids", "cpu", "freezer", "devices", "unified"] {
            #expect(!TCFiles.exists(TCCgroup.dir(c, "/berth/\(id)")), "\(c) cgroup left behind by run")
        }
    }
}
