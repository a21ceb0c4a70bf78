import Foundation
import Glibc
import Testing

/// berth-supervisor killed and restarted under a running berthd: berthd reconnects, the running
/// container keeps running and is still driven (exec), and its later exit is recorded with its status.
@Suite("supervisor restart under berthd", .serialized, .enabled(if: DaemonHarness.available, DaemonHarness.skipReason))
struct SupervisorRestartTests {
    @Test func berthdReconnectsAndRecordsTheLaterExit() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let run = try daemon.berth(["run", "-d", "--name", "survivor", "busybox", "sh", "-c",
                                    "while [ ! -f /tmp/go ]; do sleep 0.1; done; exit 7"])
        #expect(run.status == 0, "\(run.stderr)")

        try daemon.killAndRestartSupervisor()

        // berthd reconnects on its own: a call that needs the supervisor succeeds within seconds
        // (gRPC's default backoff used to keep it failing for about a minute).
        var exec = try daemon.berth(["exec", "survivor", "touch", "/tmp/go"])
        for _ in 0..<100 where exec.status != 0 {
            usleep(100_000)
            exec = try daemon.berth(["exec", "survivor", "touch", "/tmp/go"])
        }
        #expect(exec.status == 0, "exec after the supervisor restart: \(exec.stderr)")

        let wait = try daemon.berth(["wait", "survivor"])
        #expect(wait.stdout == "7\n", "\(wait.stdout) \(wait.stderr)")
        let state = try daemon.berth(["inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", "survivor"])
        #expect(state.stdout == "exited 7\n", "\(state.stdout)")
        let again = try daemon.berth(["run", "--rm", "busybox", "echo", "after"])
        #expect(again.stdout == "after\n", "\(again.stderr)")
    }
}
