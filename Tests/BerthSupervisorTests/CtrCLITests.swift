import Foundation
import Glibc
import Testing

/// berth-ctr as an operator uses it: everything goes through the supervisor socket.
@Suite("berth-ctr", .serialized, .enabled(if: SupervisorTestEnv.privileged, SupervisorTestEnv.skipReason))
struct CtrCLITests {
    func ctr(_ harness: SupervisorHarness, _ arguments: [String]) throws -> Shell.Result {
        try Shell.run(SupervisorTestEnv.ctr, arguments, environment: [
            "BERTH_SUPERVISOR_ADDRESS": harness.socket, "BERTH_NAMESPACE": harness.namespace,
        ])
    }

    @Test func importRunDetachedExecKillAndList() throws {
        let harness = try SupervisorHarness()
        defer { harness.close() }
        let imported = try ctr(harness, ["images", "import", "--name", "busybox:latest", "--format", "rootfs", SupervisorTestEnv.rootfsTarball])
        #expect(imported.status == 0, "\(imported.stderr)")
        let images = try ctr(harness, ["images", "ls", "-q"])
        #expect(images.stdout.split(separator: "\n") == ["busybox:latest"])

        // Foreground: output and exit status come back to the operator.
        let run = try ctr(harness, ["run", "--rm", "busybox:latest", "fg", "sh", "-c", "echo hi-from-fg; exit 4"])
        #expect(run.status == 4)
        #expect(run.stdout.contains("hi-from-fg"))
        #expect(try ctr(harness, ["containers", "ls", "-q"]).stdout.isEmpty, "--rm removes the container")
        // The id is free again at once: nothing of the first run (not even its exit marker) is left.
        for round in 1...3 {
            let again = try ctr(harness, ["run", "--rm", "busybox:latest", "fg", "sh", "-c", "exit \(round)"])
            #expect(again.status == Int32(round), "\(again.stderr)")
        }

        // Detached, then exec, kill and clean up.
        let detached = try ctr(harness, ["run", "-d", "busybox:latest", "bg", "sleep", "600"])
        #expect(detached.status == 0, "\(detached.stderr)")
        let tasks = try ctr(harness, ["tasks", "ls"])
        #expect(tasks.stdout.contains("bg"))
        #expect(tasks.stdout.contains("RUNNING"))
        let exec = try ctr(harness, ["tasks", "exec", "--exec-id", "x1", "bg", "sh", "-c", "echo in-exec; exit 6"])
        #expect(exec.status == 6)
        #expect(exec.stdout.contains("in-exec"))
        #expect(try ctr(harness, ["tasks", "kill", "-s", "KILL", "bg"]).status == 0)
        var stopped = false
        for _ in 0..<100 where !stopped {
            stopped = (try ctr(harness, ["tasks", "ls"])).stdout.contains("STOPPED")
            if !stopped { usleep(50_000) }
        }
        #expect(stopped)
        let removed = try ctr(harness, ["tasks", "rm", "bg"])
        #expect(removed.stdout.contains("exit status 137"))
        #expect(try ctr(harness, ["containers", "rm", "bg"]).status == 0)
        #expect(try ctr(harness, ["snapshots", "ls"]).stdout.contains("bg") == false)
    }

    @Test func ttyRunAndEvents() throws {
        let harness = try SupervisorHarness()
        defer { harness.close() }
        #expect(try ctr(harness, ["images", "import", "--name", "busybox:latest", "--format", "rootfs", SupervisorTestEnv.rootfsTarball]).status == 0)
        // Follow events in the background while a tty run happens under script(1)'s pty.
        let eventsLog = harness.base + "/events.log"
        FileManager.default.createFile(atPath: eventsLog, contents: nil)
        let events = Process()
        events.executableURL = URL(fileURLWithPath: SupervisorTestEnv.ctr)
        events.arguments = ["events", "namespace==\(harness.namespace)"]
        events.environment = ["BERTH_SUPERVISOR_ADDRESS": harness.socket]
        events.standardOutput = FileHandle(forWritingAtPath: eventsLog)
        try events.run()
        defer { events.terminate(); events.waitUntilExit() }
        usleep(300_000)

        let command = "BERTH_SUPERVISOR_ADDRESS=\(harness.socket) BERTH_NAMESPACE=\(harness.namespace) \(SupervisorTestEnv.ctr) run -t --rm busybox:latest tty1 sh -c 'tty; exit 2'"
        let run = try Shell.run("/usr/bin/script", ["-qec", command, "/dev/null"])
        #expect(run.status == 2)
        #expect(run.stdout.contains("/dev/pts/"), "the process sees a terminal: \(run.stdout)")

        var log = ""
        for _ in 0..<100 where !log.contains("/tasks/delete") {
            usleep(50_000)
            log = (try? String(contentsOfFile: eventsLog, encoding: .utf8)) ?? ""
        }
        #expect(log.contains("/tasks/start"))
        #expect(log.contains("/tasks/exit"))
        #expect(log.contains("exit_status=2"))
    }
}
