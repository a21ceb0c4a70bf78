import BerthShimAPI
import Foundation
import Glibc
import Testing

/// The shim drives any runc-compatible runtime: the same lifecycle with runc itself.
@Suite(.enabled(if: ShimTestEnv.privileged && ShimTestEnv.runc != nil, "needs root, the test inputs and runc (Scripts/setup-deps)"))
struct RuncTests {
    var runc: String { ShimTestEnv.runc ?? "/usr/sbin/runc" }

    @Test func lifecycleUnderRunc() throws {
        let h = try ShimHarness(args: ["sh", "-c", "echo runc-out; echo runc-err >&2; exit 6"], runtime: runc)
        defer { h.cleanup() }
        let outPath = try h.makeFifo("out")
        let errPath = try h.makeFifo("err")
        let out = try FifoReader(outPath)
        let err = try FifoReader(errPath)
        try h.run(stdout: outPath, stderr: errPath)
        #expect(try h.client.wait(timeoutMilliseconds: 20_000).exitStatus == 6)
        #expect(out.readAll() == "runc-out\n")
        #expect(err.readAll() == "runc-err\n")
        #expect(try h.client.delete().exitStatus == 6)
        #expect(h.runtimeState() == nil)
    }

    @Test func execPauseKillUnderRunc() throws {
        let h = try ShimHarness(args: ["sleep", "1000"], runtime: runc)
        defer { h.cleanup() }
        try h.run()
        try h.client.exec(ExecRequest(execID: "e1", spec: try ExecTests.processSpec(["sh", "-c", "exit 3"])))
        _ = try h.client.start(execID: "e1")
        #expect(try h.client.wait(execID: "e1", timeoutMilliseconds: 20_000).exitStatus == 3)
        let initPid = try h.client.state().pid
        #expect(try h.client.pids().contains { $0.pid == initPid })
        try h.client.pause()
        #expect(try h.client.state().status == .paused)
        try h.client.resume()
        #expect(!(try h.client.stats()).isEmpty)
        try h.client.kill(signal: SIGKILL)
        #expect(try h.client.wait(timeoutMilliseconds: 20_000).exitStatus == 137)
        _ = try h.client.delete()
        #expect(h.runtimeState() == nil)
    }

    @Test func terminalUnderRunc() throws {
        let h = try ShimHarness(args: ["sh", "-c", "tty; exit 0"], terminal: true, runtime: runc)
        defer { h.cleanup() }
        let outPath = try h.makeFifo("out")
        let out = try FifoReader(outPath)
        try h.run(terminal: true, stdout: outPath)
        #expect(try h.client.wait(timeoutMilliseconds: 20_000).exitStatus == 0)
        #expect(out.readAll().contains("/dev/pts/"))
    }

    @Test func runcCreateErrorIsReported() throws {
        let h = try ShimHarness(args: ["/definitely/missing"], runtime: runc)
        defer { h.cleanup() }
        try h.startShim()
        do {
            try h.create()
            _ = try h.client.start()
            Issue.record("runc ran a missing binary")
        } catch let error as ShimError {
            #expect(error.message.contains("missing") || error.message.contains("no such file"), "\(error.message)")
        }
    }

    @Test func deleteAfterShimKilledUnderRunc() throws {
        let h = try ShimHarness(args: ["sleep", "1000"], runtime: runc)
        defer { h.cleanup() }
        try h.run()
        let shimPid = try #require(h.shimPid)
        Glibc.kill(shimPid, SIGKILL)
        #expect(ProcessProbe.eventually { !ProcessProbe.isRunning(shimPid) })
        let out = try Shell.run([h.shimBinary, "delete", "--namespace", h.namespace, "--id", h.id, "--bundle", h.bundle,
                                 "--socket-dir", h.socketDir])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(h.runtimeState() == nil)
    }
}
