import BerthCore
import BerthLinux
import BerthOCI
import Foundation
import Glibc
import Testing

@testable import BerthEngine

/// The generated spec must be accepted by a real runc-compatible runtime: run busybox with a
/// default Docker spec under berth-runtime and look at what the container sees.
/// Where the runtime test finds its inputs (the same variables and defaults as the runtime's tests).
enum RuntimeTestInputs {
    static let environment = ProcessInfo.processInfo.environment
    static let rootfs = environment["BERTH_TEST_ROOTFS"] ?? EngineTestSupport.repo + "/.test-artifacts/rootfs"
    static let runtime = environment["BERTH_RUNTIME_BIN"] ?? EngineTestSupport.repo + "/.build/debug/berth-runtime"
    static let available = geteuid() == 0 && FileManager.default.fileExists(atPath: "/proc/self/ns/user")
        && FileManager.default.fileExists(atPath: rootfs + "/bin/busybox") && FileManager.default.isExecutableFile(atPath: runtime)
}

@Suite(.serialized, .enabled(if: RuntimeTestInputs.available,
                             "needs root, namespaces, the busybox rootfs ($BERTH_TEST_ROOTFS) and a built berth-runtime ($BERTH_RUNTIME_BIN)"))
struct DockerSpecRuntimeTests {
    static let rootfs = RuntimeTestInputs.rootfs
    static let runtime = RuntimeTestInputs.runtime

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Builds a bundle (a copy of the rootfs, the network files, config.json from the builder) and
    /// runs it in the foreground with `run --bundle`.
    func run(_ script: String, _ configure: (inout ContainerSpecInput) -> Void = { _ in }) throws -> Outcome {
        let bundle = try EngineTestSupport.temporaryDirectory("berth-engine-bundle")
        defer { EngineTestSupport.remove(bundle) }
        let state = bundle + "/state"
        let copy = try EngineTestSupport.command(["/bin/cp", "-a", Self.rootfs, bundle + "/rootfs"])
        try #require(copy.status == 0, "cp: \(copy.stderr)")
        let id = String(format: "%016llx%016llx%016llx%016llx", UInt64.random(in: 0...UInt64.max), UInt64.random(in: 0...UInt64.max),
                        UInt64.random(in: 0...UInt64.max), UInt64.random(in: 0...UInt64.max))
        let files = ContainerNetworkFiles(directory: bundle)
        var input = ContainerSpecInput(id: id)
        input.hostname = "berthtest"
        input.cmd = ["sh", "-c", script]
        input.networkMode = "none"
        configure(&input)
        try files.write(hostname: input.hostname, ip: nil, hostResolvConf: "nameserver 10.0.0.2\n")

        var env = SpecBuildEnvironment(rootfsPath: bundle + "/rootfs")
        env.hostnamePath = files.hostnamePath
        env.hostsPath = files.hostsPath
        env.resolvConfPath = files.resolvConfPath
        let spec = try DockerSpecBuilder(environment: env).build(container: input, image: EngineTestSupport.busybox)
        try FileIO.write(bundle + "/config.json", try JSONCoding.encode(spec, pretty: true))
        defer { _ = try? EngineTestSupport.command([Self.runtime, "--root", state, "delete", "--force", id]) }
        let result = try EngineTestSupport.command([Self.runtime, "--root", state, "run", "--bundle", bundle, id], timeout: 60)
        return Outcome(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    @Test func defaultDockerSpecRuns() throws {
        let out = try run("grep -E '^Cap(Eff|Bnd):' /proc/self/status; cat /etc/hostname; hostname; id -u; cat /etc/resolv.conf; "
                          + "cat /proc/kcore 2>&1 | wc -c; grep -c . /proc/self/mounts; "
                          + "grep ' /dev/shm ' /proc/self/mounts; grep NoNewPrivs /proc/self/status; grep Seccomp: /proc/self/status")
        #expect(out.status == 0, "stderr: \(out.stderr)")
        // Docker's 14 capabilities: chown dac_override fowner fsetid kill setgid setuid setpcap
        // net_bind_service net_raw sys_chroot mknod audit_write setfcap = 0x00000000a80425fb.
        #expect(out.stdout.contains("CapEff:\t00000000a80425fb"), "\(out.stdout)")
        #expect(out.stdout.contains("CapBnd:\t00000000a80425fb"))
        #expect(out.stdout.contains("berthtest\nberthtest\n0\n"))
        #expect(out.stdout.contains("nameserver 10.0.0.2"))
        #expect(out.stdout.contains("size=65536k"))
        #expect(out.stdout.contains("NoNewPrivs:\t0"))
        #expect(out.stdout.contains("Seccomp:\t2"))
    }

    @Test func capsUserAndReadonlyRoot() throws {
        let out = try run("grep -E '^Cap(Eff|Bnd):' /proc/self/status; id -u; id -g; touch /x 2>&1 || echo read-only; grep NoNewPrivs /proc/self/status", {
            $0.capDrop = ["ALL"]
            $0.capAdd = ["NET_BIND_SERVICE"]
            $0.user = "1000:1000"
            $0.readonlyRootfs = true
            $0.securityOpt = ["no-new-privileges"]
        })
        #expect(out.status == 0, "stderr: \(out.stderr)")
        #expect(out.stdout.contains("CapEff:\t0000000000000000"), "\(out.stdout)")
        #expect(out.stdout.contains("CapBnd:\t0000000000000400"))
        #expect(out.stdout.contains("1000\n1000\n"))
        #expect(out.stdout.contains("read-only"))
        #expect(out.stdout.contains("NoNewPrivs:\t1"))
    }

    @Test func resourcesAndTmpfsApply() throws {
        let out = try run("cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max; grep ' /scratch ' /proc/self/mounts", {
            $0.resources.pidsLimit = 64
            $0.tmpfs = ["/scratch": "size=1m"]
        })
        #expect(out.status == 0, "stderr: \(out.stderr)")
        #expect(out.stdout.hasPrefix("64\n"), "\(out.stdout)")
        #expect(out.stdout.contains("size=1024k"))
    }
}
