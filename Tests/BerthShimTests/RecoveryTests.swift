import BerthShimAPI
import Foundation
import Glibc
import Testing

@Suite(.enabled(if: ShimTestEnv.privileged, ShimTestEnv.skipReason))
struct RecoveryTests {
    @Test func deleteAfterShimWasKilledCleansUp() throws {
        let h = try ShimHarness(args: ["sleep", "1000"])
        defer { h.cleanup() }
        try h.run()
        let initPid = try h.client.state().pid
        let shimPid = try #require(h.shimPid)
        Glibc.kill(shimPid, SIGKILL)
        #expect(ProcessProbe.eventually { !ProcessProbe.isRunning(shimPid) })
        #expect(h.runtimeState() != nil, "the container outlives its shim")

        let out = try Shell.run([h.shimBinary, "delete", "--namespace", h.namespace, "--id", h.id, "--bundle", h.bundle,
                                 "--socket-dir", h.socketDir])
        #expect(out.status == 0, "\(out.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
        #expect(doc?["exitStatus"] as? Int == 137, "no exit was recorded: SIGKILL's 137")
        #expect(doc?["pid"] as? Int == Int(initPid))
        #expect(h.runtimeState() == nil, "runtime state is gone")
        #expect(ProcessProbe.eventually { !ProcessProbe.isRunning(initPid) })
        #expect(!FileManager.default.fileExists(atPath: ShimAddress.socketPath(fromAddress: h.address)))
    }

    @Test func deleteReportsTheRecordedExit() throws {
        let h = try ShimHarness(args: ["sh", "-c", "exit 42"])
        defer { h.cleanup() }
        try h.run()
        _ = try h.client.wait(timeoutMilliseconds: 20_000)
        let shimPid = try #require(h.shimPid)
        Glibc.kill(shimPid, SIGKILL)
        #expect(ProcessProbe.eventually { !ProcessProbe.isRunning(shimPid) })
        // No --runtime/--runtime-root: delete finds them in the bundle.
        let out = try Shell.run([h.shimBinary, "delete", "--namespace", h.namespace, "--id", h.id, "--bundle", h.bundle,
                                 "--socket-dir", h.socketDir])
        #expect(out.status == 0, "\(out.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
        #expect(doc?["exitStatus"] as? Int == 42)
        #expect(h.runtimeState() == nil)
    }

    @Test func startAfterShimDiedStartsAFreshOne() throws {
        let h = try ShimHarness(args: ["true"])
        defer { h.cleanup() }
        let first = try h.startShim()
        let pid = try #require(h.shimPid)
        Glibc.kill(pid, SIGKILL)
        #expect(ProcessProbe.eventually { !ProcessProbe.isRunning(pid) })
        // The stale socket file is still there; start must see nobody answers and replace it.
        let second = try h.startShim()
        #expect(second == first)
        #expect(h.shimPid != pid)
        #expect(try h.newClient().connect().shimPid == h.shimPid)
    }
}
