import BerthShimAPI
import Foundation
import Glibc
import Testing

@Suite(.enabled(if: ShimTestEnv.privileged, ShimTestEnv.skipReason))
struct LifecycleTests {
    @Test func exitStatusOfInit() throws {
        let h = try ShimHarness(args: ["sh", "-c", "exit 7"])
        defer { h.cleanup() }
        try h.startShim()
        let pid = try h.create()
        #expect(pid > 0)
        let created = try h.client.state()
        #expect(created.status == .created && created.pid == pid && created.bundle == h.bundle)
        #expect(try h.client.connect().initPid == pid)
        _ = try h.client.start()
        let exit = try h.client.wait(timeoutMilliseconds: 20_000)
        #expect(exit.exitStatus == 7)
        #expect(exit.pid == pid)
        let state = try h.client.state()
        #expect(state.status == .stopped && state.exitStatus == 7 && state.exitedAt == exit.exitedAt)
        let deleted = try h.client.delete()
        #expect(deleted.exitStatus == 7)
        #expect(h.runtimeState() == nil, "runtime delete ran")
        #expect(throws: ShimError.self) { try h.client.state() }
    }

    @Test func exitIsRecordedOnDiskBeforeItIsReported() throws {
        let h = try ShimHarness(args: ["sh", "-c", "exit 5"])
        defer { h.cleanup() }
        try h.run()
        _ = try h.client.wait(timeoutMilliseconds: 20_000)
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: h.bundle + "/exit/init"))) as? [String: Any]
        #expect(record?["status"] as? Int == 5)
        #expect((record?["exitedAt"] as? String)?.hasSuffix("Z") == true)
    }

    @Test func sigkillGives137() throws {
        let h = try ShimHarness(args: ["sleep", "1000"])
        defer { h.cleanup() }
        try h.run()
        #expect(try h.client.state().status == .running)
        // A wait parked before the kill is answered by the exit.
        let waiter = h.newClient()
        nonisolated(unsafe) var parked: ExitResponse?
        let thread = Thread { parked = try? waiter.wait(timeoutMilliseconds: 20_000) }
        thread.start()
        usleep(200_000)
        try h.client.kill(signal: SIGKILL)
        #expect(try h.client.wait(timeoutMilliseconds: 20_000).exitStatus == 137)
        #expect(ProcessProbe.eventually { parked != nil })
        #expect(parked?.exitStatus == 137)
        // Signalling a finished process is notFound, as containerd reports it.
        #expect { try h.client.kill(signal: SIGTERM) } throws: { ($0 as? ShimError)?.code == .notFound }
    }

    @Test func pauseResumePidsStatsUpdate() throws {
        // A pid-namespace init ignores signals it has no handler for: trap TERM to see it arrive.
        let h = try ShimHarness(args: ["sh", "-c", "trap 'exit 143' TERM; while true; do sleep 0.1; done"])
        defer { h.cleanup() }
        try h.run()
        let initPid = try h.client.state().pid
        let pids = try h.client.pids()
        #expect(pids.map(\.pid).contains(initPid))

        try h.client.pause()
        #expect(try h.client.state().status == .paused)
        #expect { try h.client.pause() } throws: { ($0 as? ShimError)?.code == .failedPrecondition }
        #expect { try h.client.delete() } throws: { ($0 as? ShimError)?.code == .failedPrecondition }
        try h.client.resume()
        #expect(try h.client.state().status == .running)

        let stats = try h.client.stats()
        let doc = try JSONSerialization.jsonObject(with: Data(stats.utf8)) as? [String: Any]
        #expect(doc?["type"] as? String == "stats")
        #expect(doc?["data"] != nil)

        try h.client.update(resources: #"{"pids":{"limit":100}}"#)

        try h.client.kill(signal: SIGTERM)
        #expect(try h.client.wait(timeoutMilliseconds: 20_000).exitStatus == 143)
    }

    @Test func subscribersSeeLifecycleEvents() throws {
        let h = try ShimHarness(args: ["sh", "-c", "exit 4"])
        defer { h.cleanup() }
        try h.startShim()
        let stream = try h.client.subscribe()
        defer { stream.close() }
        try h.create()
        _ = try h.client.start()
        var topics: [String] = []
        var exitStatus: UInt32?
        while let event = try stream.next() {
            #expect(event.id == h.id)
            topics.append(event.topic)
            if event.topic == ShimEvent.Topic.exit {
                exitStatus = event.exitStatus
                break
            }
        }
        #expect(topics == ["create", "start", "exit"])
        #expect(exitStatus == 4)
    }

    @Test func reconnectingClientSeesExitThatHappenedWhileAway() throws {
        let h = try ShimHarness(args: ["sh", "-c", "sleep 1; exit 9"])
        defer { h.cleanup() }
        try h.run()
        let pid = try h.client.state().pid
        // The "supervisor" goes away (its connections close) and the container exits meanwhile.
        h.client.close()
        #expect(ProcessProbe.eventually(timeout: 15) { !ProcessProbe.isRunning(pid) })
        usleep(300_000)
        let again = h.newClient()
        #expect(try again.connect().initPid == pid)
        let state = try again.state()
        #expect(state.status == .stopped)
        #expect(state.exitStatus == 9)
        #expect(try again.wait(timeoutMilliseconds: 5_000).exitStatus == 9)
    }

    @Test func deleteOfCreatedTaskKillsItsInit() throws {
        let h = try ShimHarness(args: ["sleep", "1000"])
        defer { h.cleanup() }
        try h.startShim()
        let pid = try h.create()
        let exit = try h.client.delete()
        #expect(exit.pid == pid)
        #expect(exit.exitStatus == 137)
        #expect(h.runtimeState() == nil)
        #expect(ProcessProbe.eventually { !ProcessProbe.isRunning(pid) })
    }
}
