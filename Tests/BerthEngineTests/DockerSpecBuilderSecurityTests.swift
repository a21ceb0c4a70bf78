import BerthCore
import BerthOCI
import Testing

@testable import BerthEngine

@Suite struct DockerSpecBuilderSecurityTests {
    func caps(_ configure: (inout ContainerSpecInput) -> Void) throws -> [String] {
        try #require(EngineTestSupport.build(configure).process?.capabilities?.bounding)
    }

    @Test func capAddAcceptsAnySpelling() throws {
        let added = try caps { $0.capAdd = ["NET_ADMIN", "cap_sys_ptrace", "Sys_Time"] }
        #expect(added == DockerDefaults.capabilities + ["CAP_NET_ADMIN", "CAP_SYS_PTRACE", "CAP_SYS_TIME"])
    }

    @Test func capDropRemoves() throws {
        let dropped = try caps { $0.capDrop = ["net_raw", "CAP_MKNOD"] }
        #expect(dropped == DockerDefaults.capabilities.filter { $0 != "CAP_NET_RAW" && $0 != "CAP_MKNOD" })
    }

    @Test func dropAllKeepsOnlyAdded() throws {
        #expect(try caps { $0.capDrop = ["ALL"]; $0.capAdd = ["chown", "KILL"] } == ["CAP_CHOWN", "CAP_KILL"])
        #expect(try caps { $0.capDrop = ["all"] } == [])
    }

    @Test func addAllGrantsEverythingButDropped() throws {
        let all = try caps { $0.capAdd = ["ALL"]; $0.capDrop = ["NET_RAW"] }
        #expect(all == CapabilityNames.all.filter { $0 != "CAP_NET_RAW" })
    }

    @Test func unknownCapabilityIsRejectedWithDockersText() {
        let message = EngineTestSupport.errorMessage { _ = try caps { $0.capAdd = ["FLY"] } }
        #expect(message == "unknown capability: \"CAP_FLY\"")
        let unsupported = EngineTestSupport.errorMessage {
            _ = try EngineTestSupport.build({ $0.capAdd = ["BPF"] }, environment: { $0.allCapabilities = Array(CapabilityNames.all.prefix(38)) })
        }
        #expect(unsupported == "capability not supported by your kernel or not available in the current environment: \"CAP_BPF\"")
    }

    @Test func sysAdminUnlocksItsSyscalls() throws {
        let spec = try EngineTestSupport.build { $0.capAdd = ["SYS_ADMIN"] }
        let allowed = Set((spec.linux?.seccomp?.syscalls ?? []).filter { $0.action == "SCMP_ACT_ALLOW" }.flatMap(\.names))
        for name in ["mount", "umount2", "unshare", "setns", "bpf"] { #expect(allowed.contains(name), "\(name)") }
    }

    @Test func privilegedGetsEverything() throws {
        let spec = try EngineTestSupport.build { $0.privileged = true }
        #expect(spec.process?.capabilities?.bounding == CapabilityNames.all)
        #expect(spec.process?.capabilities?.effective == CapabilityNames.all)
        #expect(spec.linux?.seccomp == nil)
        #expect(spec.linux?.maskedPaths == nil)
        #expect(spec.linux?.readonlyPaths == nil)
        #expect(spec.linux?.resources?.devices == [DeviceCgroupRule(allow: true, access: "rwm")])
        #expect(spec.linux?.devices?.map(\.path) == ["/dev/null"])
        #expect(spec.mounts?.first { $0.destination == "/sys" }?.options == ["nosuid", "noexec", "nodev"])
        #expect(spec.mounts?.first { $0.destination == "/sys/fs/cgroup" }?.options == ["nosuid", "noexec", "nodev"])
    }

    @Test func securityOptions() throws {
        let nnp = try EngineTestSupport.build { $0.securityOpt = ["no-new-privileges"] }
        #expect(nnp.process?.noNewPrivileges == true)
        let explicit = try EngineTestSupport.build { $0.securityOpt = ["no-new-privileges=false", "apparmor=unconfined", "label=disable"] }
        #expect(explicit.process?.noNewPrivileges == nil)
        let unconfined = try EngineTestSupport.build { $0.securityOpt = ["seccomp=unconfined"] }
        #expect(unconfined.linux?.seccomp == nil)
        #expect(EngineTestSupport.errorMessage { _ = try SecurityOptions(parsing: ["bogus"]) } == "invalid --security-opt 1: \"bogus\"")
        #expect(EngineTestSupport.errorMessage { _ = try SecurityOptions(parsing: ["foo=bar"]) } == "invalid --security-opt 2: \"foo=bar\"")
        #expect(EngineTestSupport.errorMessage { _ = try SecurityOptions(parsing: ["no-new-privileges=maybe"]) }
                    == "invalid --security-opt 2: \"no-new-privileges=maybe\"")
    }

    @Test func inlineAndFileSeccompProfiles() throws {
        let profile = #"{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_ERRNO"}]}"#
        let inline = try EngineTestSupport.build { $0.securityOpt = ["seccomp=" + profile] }
        #expect(inline.linux?.seccomp?.defaultAction == "SCMP_ACT_ALLOW")
        #expect(inline.linux?.seccomp?.syscalls?.first?.names == ["mkdir"])
        let dir = try EngineTestSupport.temporaryDirectory()
        defer { EngineTestSupport.remove(dir) }
        try EngineTestSupport.write(dir + "/p.json", profile)
        let file = try EngineTestSupport.build { $0.securityOpt = ["seccomp=\(dir)/p.json"] }
        #expect(file.linux?.seccomp == inline.linux?.seccomp)
    }

    @Test func sysctlsMustBeNamespaced() throws {
        let ok = try EngineTestSupport.build { $0.sysctls = ["net.ipv4.ip_forward": "1", "kernel.shmmax": "1000", "fs.mqueue.msg_max": "20"] }
        #expect(ok.linux?.sysctl?["net.ipv4.ip_forward"] == "1")
        #expect(ok.linux?.sysctl?["kernel.shmmax"] == "1000")
        // The user's value wins over dockerd's default.
        let overridden = try EngineTestSupport.build { $0.sysctls = ["net.ipv4.ip_unprivileged_port_start": "1024"] }
        #expect(overridden.linux?.sysctl?["net.ipv4.ip_unprivileged_port_start"] == "1024")
        #expect(EngineTestSupport.errorMessage { _ = try EngineTestSupport.build { $0.sysctls = ["kernel.panic": "1"] } }
                    == "sysctl \"kernel.panic\" is not in a separate kernel namespace")
        #expect(EngineTestSupport.errorMessage {
            _ = try EngineTestSupport.build { $0.networkMode = "host"; $0.sysctls = ["net.core.somaxconn": "1"] }
        } == "sysctl \"net.core.somaxconn\" not allowed in host network namespace")
        #expect(EngineTestSupport.errorMessage {
            _ = try EngineTestSupport.build { $0.ipcMode = "host"; $0.sysctls = ["kernel.msgmax": "1"] }
        } == "sysctl \"kernel.msgmax\" is not allowed in the hosts ipc namespace")
    }

    @Test func ulimitsBecomeRlimits() throws {
        let spec = try EngineTestSupport.build {
            $0.ulimits = [.init(name: "nofile", soft: 1024, hard: 4096), .init(name: "core", soft: -1, hard: -1)]
        }
        #expect(spec.process?.rlimits == [Rlimit(type: "RLIMIT_NOFILE", hard: 4096, soft: 1024),
                                          Rlimit(type: "RLIMIT_CORE", hard: UInt64.max, soft: UInt64.max)])
        #expect(EngineTestSupport.errorMessage { _ = try EngineTestSupport.build { $0.ulimits = [.init(name: "nofiles", soft: 1, hard: 1)] } }
                    == "invalid ulimit type: nofiles")
        #expect(EngineTestSupport.errorMessage { _ = try EngineTestSupport.build { $0.ulimits = [.init(name: "nproc", soft: 10, hard: 5)] } }
                    == "ulimit soft limit must be less than or equal to hard limit: 10 > 5")
    }
}
