import BerthCore
import BerthOCI
import Testing

@testable import BerthEngine

/// `docker run busybox` with no flags: the spec must carry Docker's defaults (moby
/// daemon/pkg/oci/defaults.go + oci_linux.go), compared piece by piece.
@Suite struct DockerSpecBuilderDefaultsTests {
    let id = EngineTestSupport.containerID

    @Test func capabilitiesAreDockersFourteen() throws {
        let spec = try EngineTestSupport.build()
        let docker = ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
                      "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
                      "CAP_AUDIT_WRITE"]
        let caps = try #require(spec.process?.capabilities)
        #expect(caps.bounding == docker)
        #expect(caps.effective == docker)
        #expect(caps.permitted == docker)
        #expect(caps.inheritable == nil)
        #expect(caps.ambient == nil)
    }

    @Test func maskedAndReadonlyPathsAreMobys() throws {
        let spec = try EngineTestSupport.build()
        #expect(spec.linux?.maskedPaths == [
            "/proc/acpi", "/proc/asound", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
            "/proc/sched_debug", "/proc/scsi", "/proc/timer_list", "/proc/timer_stats", "/sys/devices/virtual/powercap",
            "/sys/firmware",
        ])
        #expect(spec.linux?.readonlyPaths == ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"])
    }

    @Test func hostMaskedPathsAddThermalThrottleFiles() throws {
        let dir = try EngineTestSupport.temporaryDirectory()
        defer { EngineTestSupport.remove(dir) }
        try EngineTestSupport.write(dir + "/cpu0/thermal_throttle/x", "")
        try EngineTestSupport.write(dir + "/cpu1/online", "1")
        try EngineTestSupport.write(dir + "/cpu10/thermal_throttle/x", "")
        let paths = DockerDefaults.hostMaskedPaths(cpuRoot: dir)
        #expect(paths == DockerDefaults.maskedPaths + [dir + "/cpu0/thermal_throttle", dir + "/cpu10/thermal_throttle"])
    }

    @Test func defaultMountsMatchDocker() throws {
        let spec = try EngineTestSupport.build()
        let mounts = try #require(spec.mounts)
        #expect(mounts.map(\.destination) == ["/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm"])
        func options(_ destination: String) -> [String]? { mounts.first { $0.destination == destination }?.options }
        #expect(options("/proc") == ["nosuid", "noexec", "nodev"])
        #expect(options("/dev") == ["nosuid", "strictatime", "mode=755", "size=65536k"])
        #expect(options("/dev/pts") == ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"])
        #expect(options("/sys") == ["nosuid", "noexec", "nodev", "ro"])
        #expect(options("/sys/fs/cgroup") == ["ro", "nosuid", "noexec", "nodev"])
        #expect(options("/dev/mqueue") == ["nosuid", "noexec", "nodev"])
        #expect(options("/dev/shm") == ["nosuid", "noexec", "nodev", "mode=1777", "size=67108864"])
        #expect(mounts.first { $0.destination == "/dev/shm" }?.source == "shm")
        #expect(mounts.first { $0.destination == "/sys/fs/cgroup" }?.type == "cgroup")
    }

    @Test func shmSizeComesFromHostConfig() throws {
        let spec = try EngineTestSupport.build { $0.shmSize = 128 * 1024 * 1024 }
        #expect(spec.mounts?.first { $0.destination == "/dev/shm" }?.options?.last == "size=134217728")
    }

    @Test func deviceCgroupRulesAreDockers() throws {
        let spec = try EngineTestSupport.build()
        let rules = try #require(spec.linux?.resources?.devices)
        #expect(rules.first == DeviceCgroupRule(allow: false, access: "rwm"))
        let allowed = rules.filter(\.allow).map { "\($0.type ?? "a") \($0.major ?? -1):\($0.minor ?? -1) \($0.access ?? "")" }
        #expect(allowed == ["c 1:5 rwm", "c 1:3 rwm", "c 1:9 rwm", "c 1:8 rwm", "c 5:0 rwm", "c 5:1 rwm"])
        #expect(rules.last == DeviceCgroupRule(allow: false, type: "c", major: 10, minor: 229, access: "rwm"))
        #expect(spec.linux?.devices == nil)
    }

    @Test func seccompIsDockersDefaultProfile() throws {
        let spec = try EngineTestSupport.build()
        let seccomp = try #require(spec.linux?.seccomp)
        #expect(seccomp.defaultAction == "SCMP_ACT_ERRNO")
        #expect(seccomp.defaultErrnoRet == 1)
        let allowed = Set((seccomp.syscalls ?? []).filter { $0.action == "SCMP_ACT_ALLOW" }.flatMap(\.names))
        for name in ["read", "write", "openat", "execve", "clone", "futex", "ptrace"] { #expect(allowed.contains(name), "\(name)") }
        // CAP_SYS_ADMIN-only syscalls stay out of a default container.
        for name in ["mount", "umount2", "unshare", "setns", "bpf", "reboot"] { #expect(!allowed.contains(name), "\(name)") }
        // chroot comes with CAP_SYS_CHROOT, which Docker grants by default.
        #expect(allowed.contains("chroot"))
        #if arch(x86_64)
        #expect(seccomp.architectures == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"])
        #endif
    }

    @Test func namespacesAndCgroup() throws {
        let spec = try EngineTestSupport.build()
        #expect(spec.linux?.namespaces == [Namespace(type: .mount), Namespace(type: .network), Namespace(type: .uts), Namespace(type: .pid),
                                           Namespace(type: .ipc), Namespace(type: .cgroup)])
        #expect(spec.linux?.cgroupsPath == "/berth/" + id)
        let custom = try EngineTestSupport.build { $0.cgroupParent = "/tenants/a/" }
        #expect(custom.linux?.cgroupsPath == "/tenants/a/" + id)
    }

    @Test func processDefaults() throws {
        let spec = try EngineTestSupport.build()
        let process = try #require(spec.process)
        #expect(process.args == ["sh"])
        #expect(process.cwd == "/")
        #expect(process.env == ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=4f3c2b1a0e9d"])
        #expect(process.user == { var u = User(uid: 0, gid: 0); u.additionalGids = [0]; return u }())
        #expect(process.terminal == nil)
        #expect(process.noNewPrivileges == nil)
        #expect(process.oomScoreAdj == 0)
        #expect(process.rlimits == nil)
        #expect(spec.hostname == "4f3c2b1a0e9d")
        #expect(spec.root == Root(path: "rootfs", readonly: nil))
        #expect(spec.linux?.sysctl == ["net.ipv4.ping_group_range": "0 2147483647", "net.ipv4.ip_unprivileged_port_start": "0"])
        #expect(spec.linux?.resources?.blockIO?.weight == 0)
        #expect(spec.linux?.resources?.memory == nil)
        #expect(spec.linux?.resources?.pids == nil)
    }

    @Test func ttyAddsTermAndTerminal() throws {
        let spec = try EngineTestSupport.build {
            $0.tty = true
            $0.consoleSize = [40, 120]
        }
        #expect(spec.process?.terminal == true)
        #expect(spec.process?.env?.contains("TERM=xterm") == true)
        #expect(spec.process?.consoleSize == Box(height: 40, width: 120))
    }

    @Test func specEncodesAndValidatesAsJSON() throws {
        let spec = try EngineTestSupport.build { $0.binds = ["/tmp:/host-tmp:ro"] }
        let bytes = try JSONCoding.encode(spec, pretty: true)
        let decoded = try JSONCoding.decode(Spec.self, from: bytes, source: "config.json")
        #expect(decoded == spec)
        try spec.validate()
        try EngineTestSupport.build { $0.privileged = true; $0.networkMode = "host"; $0.pidMode = "host" }.validate()
    }
}
