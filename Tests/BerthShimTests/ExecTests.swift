import BerthShimAPI
import Foundation
import Glibc
import Testing

@Suite(.enabled(if: ShimTestEnv.privileged, ShimTestEnv.skipReason))
struct ExecTests {
    static func processSpec(_ args: [String], terminal: Bool = false) throws -> String {
        let spec: [String: Any] = [
            "args": args, "cwd": "/", "terminal": terminal,
            "env": ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"], "user": ["uid": 0, "gid": 0],
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
    }

    @Test func execRunsWithExitCodeAndOutput() throws {
        let h = try ShimHarness(args: ["sleep", "1000"])
        defer { h.cleanup() }
        try h.run()
        let stream = try h.client.subscribe()
        defer { stream.close() }
        let outPath = try h.makeFifo("exec-out")
        let out = try FifoReader(outPath)
        try h.client.exec(ExecRequest(execID: "e1", spec: try Self.processSpec(["sh", "-c", "echo from exec; exit 3"]), stdout: outPath))
        #expect(try h.client.state(execID: "e1").status == .created)
        let pid = try h.client.start(execID: "e1").pid
        #expect(pid > 0)
        let exit = try h.client.wait(execID: "e1", timeoutMilliseconds: 20_000)
        #expect(exit.exitStatus == 3)
        #expect(out.readAll() == "from exec\n")
        #expect(try h.client.state(execID: "e1").status == .stopped)
        #expect(try h.client.state().status == .running, "the init is unaffected")

        var topics: [String] = []
        while let event = try stream.next() {
            topics.append(event.topic)
            if event.topic == ShimEvent.Topic.exit {
                #expect(event.execID == "e1" && event.exitStatus == 3)
                break
            }
        }
        #expect(topics == ["exec-added", "exec-started", "exit"])

        #expect(try h.client.delete(execID: "e1").exitStatus == 3)
        #expect { try h.client.state(execID: "e1") } throws: { ($0 as? ShimError)?.code == .notFound }
    }

    @Test func longRunningExecCanBeKilledAndListed() throws {
        let h = try ShimHarness(args: ["sleep", "1000"])
        defer { h.cleanup() }
        try h.run()
        try h.client.exec(ExecRequest(execID: "sleeper", spec: try Self.processSpec(["sleep", "1000"])))
        let pid = try h.client.start(execID: "sleeper").pid
        let listed = try h.client.pids()
        #expect(listed.contains { $0.pid == pid && $0.execID == "sleeper" })
        #expect { try h.client.delete(execID: "sleeper") } throws: { ($0 as? ShimError)?.code == .failedPrecondition }
        try h.client.kill(execID: "sleeper", signal: SIGKILL)
        #expect(try h.client.wait(execID: "sleeper", timeoutMilliseconds: 20_000).exitStatus == 137)
    }

    @Test func execWithTerminal() throws {
        let h = try ShimHarness(args: ["sleep", "1000"])
        defer { h.cleanup() }
        try h.run()
        let outPath = try h.makeFifo("exec-tty")
        let out = try FifoReader(outPath)
        try h.client.exec(ExecRequest(execID: "t1", spec: try Self.processSpec(["sh", "-c", "tty; exit 2"], terminal: true),
                                      terminal: true, stdout: outPath))
        _ = try h.client.start(execID: "t1")
        #expect(try h.client.wait(execID: "t1", timeoutMilliseconds: 20_000).exitStatus == 2)
        #expect(out.readAll().contains("/dev/pts/"))
    }

    @Test func failingExecReportsTheRuntimeError() throws {
        let h = try ShimHarness(args: ["sleep", "1000"])
        defer { h.cleanup() }
        try h.run()
        try h.client.exec(ExecRequest(execID: "bad", spec: try Self.processSpec(["/no/such/binary"])))
        do {
            _ = try h.client.start(execID: "bad")
            Issue.record("exec of a missing binary started")
        } catch let error as ShimError {
            #expect(error.message.contains("/no/such/binary"), "the runtime's own message: \(error.message)")
        }
        #expect(try h.client.state().status == .running)
    }
}
