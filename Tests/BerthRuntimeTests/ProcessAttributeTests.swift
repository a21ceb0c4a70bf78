import BerthOCI
import Foundation
import Testing

/// runtime-spec 1.2/1.3 process attributes: scheduler, I/O priority, CPU affinity, memory policy.
@Suite(.enabled(if: TestEnv.privileged, TestEnv.skipReason))
struct ProcessAttributeTests {
    func run(_ script: String, configure: (inout Spec) -> Void) throws -> Shell.Result {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["sh", "-c", script], configure: configure)
        return try rt.run(bundle)
    }

    @Test func schedulerPolicyAndNice() throws {
        let r = try run("grep -E '^policy' /proc/self/sched; cut -d' ' -f19 /proc/self/stat") {
            $0.process?.scheduler = Scheduler(policy: "SCHED_BATCH", nice: 7)
        }
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasSuffix(" 3") == true, "SCHED_BATCH is policy 3: \(r.stdout)")
        #expect(lines.last == "7", "nice: \(r.stdout)")
    }

    @Test func ioPriorityClass() throws {
        let r = try run("ionice") { $0.process?.ioPriority = IOPriority(class: "IOPRIO_CLASS_IDLE", priority: nil) }
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "idle")
    }

    @Test func execCPUAffinityFinal() throws {
        let r = try run("grep Cpus_allowed_list /proc/self/status") {
            $0.process?.execCPUAffinity = ExecCPUAffinity(initial: nil, final: "0")
        }
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Cpus_allowed_list:\t0\n"), "\(r.stdout)")
    }

    @Test func badNamesFailNamingTheField() throws {
        let r1 = try run("true") { $0.process?.scheduler = Scheduler(policy: "SCHED_FAST") }
        #expect(r1.status != 0)
        #expect(r1.stderr.contains("process.scheduler.policy"), "\(r1.stderr)")
        let r2 = try run("true") { $0.process?.ioPriority = IOPriority(class: "IOPRIO_CLASS_NOPE", priority: 1) }
        #expect(r2.status != 0)
        #expect(r2.stderr.contains("process.ioPriority.class"), "\(r2.stderr)")
        let r3 = try run("true") { $0.process?.execCPUAffinity = ExecCPUAffinity(initial: nil, final: "3-1") }
        #expect(r3.status != 0)
        #expect(r3.stderr.contains("process.execCPUAffinity.final"), "\(r3.stderr)")
    }

    @Test func unsupportedFeaturesAreRefusedByName() throws {
        let r = try run("true") {
            var linux = $0.linux ?? Linux()
            linux.netDevices = ["dummy0": NetDevice(name: "eth1")]
            $0.linux = linux
        }
        #expect(r.status != 0)
        #expect(r.stderr.contains("linux.netDevices"), "\(r.stderr)")
    }
}
