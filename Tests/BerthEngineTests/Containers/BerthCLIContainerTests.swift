import Foundation
import Testing

/// The engine CLI (`berth`) against berthd: the same workflow as with the docker CLI.
@Suite("containers with berth", .serialized, .enabled(if: DaemonHarness.available, DaemonHarness.skipReason))
struct BerthCLIContainerTests {
    static func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    @Test func runLogsExecCopyCommitSaveLoad() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let hi = try daemon.berth(["run", "--rm", "busybox", "echo", "hi"])
        #expect(hi.status == 0, "\(hi.stderr)")
        #expect(hi.stdout == "hi\n")
        #expect(try daemon.berth(["container", "run", "busybox", "sh", "-c", "exit 9"]).status == 9)
        #expect(try daemon.berth(["run", "--rm", "busybox", "/no/such"]).status == 127)
        #expect(try daemon.berth(["run", "--rm", "--pull", "never", "nosuch:tag", "true"]).status == 125)

        let run = try daemon.berth(["run", "-d", "--name", "svc", "busybox", "sh", "-c", "echo ready; exec sleep 1000"])
        #expect(run.status == 0, "\(run.stderr)")
        var logs = try daemon.berth(["logs", "svc"])
        for _ in 0..<50 where logs.stdout.isEmpty {
            usleep(100_000)
            logs = try daemon.berth(["logs", "svc"])
        }
        #expect(logs.stdout == "ready\n")
        let exec = try daemon.berth(["exec", "-e", "V=7", "svc", "sh", "-c", "echo $V; exit 3"])
        #expect(exec.stdout == "7\n")
        #expect(exec.status == 3)
        #expect(try daemon.berth(["exec", "-i", "svc", "cat"], stdin: "in\n").stdout == "in\n")

        let file = daemon.base + "/note.txt"
        try "note\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try daemon.berth(["cp", file, "svc:/tmp/note.txt"]).status == 0)
        #expect(try daemon.berth(["cp", "svc:/tmp/note.txt", daemon.base + "/back.txt"]).status == 0)
        #expect(try String(contentsOfFile: daemon.base + "/back.txt", encoding: .utf8) == "note\n")
        #expect(try daemon.berth(["diff", "svc"]).stdout.contains("A /tmp/note.txt"))
        let commit = try daemon.berth(["commit", "-m", "note", "svc", "noted:1"])
        #expect(commit.status == 0, "\(commit.stderr)")
        #expect(try daemon.berth(["run", "--rm", "noted:1", "cat", "/tmp/note.txt"]).stdout == "note\n")

        let archive = daemon.base + "/noted.tar"
        #expect(try daemon.berth(["save", "-o", archive, "noted:1"]).status == 0)
        #expect(try daemon.berth(["rmi", "noted:1"]).status == 0)
        let load = try daemon.berth(["load", "-i", archive])
        #expect(load.stdout.contains("Loaded image: noted:1"), "\(load.stdout) \(load.stderr)")
        #expect(try daemon.berth(["run", "--rm", "noted:1", "cat", "/tmp/note.txt"]).stdout == "note\n")

        let ps = try daemon.berth(["ps", "--format", "{{.Names}} {{.Status}}"])
        #expect(ps.stdout.hasPrefix("svc Up "), "\(ps.stdout)")
        #expect(try daemon.berth(["stop", "-t", "0", "svc"]).status == 0)
        #expect(Self.trimmed(try daemon.berth(["inspect", "-f", "{{.State.ExitCode}}", "svc"]).stdout) == "137")
        #expect(try daemon.berth(["rm", "svc"]).status == 0)
        let stopped = try daemon.berth(["ps", "-a", "-q"])
        #expect(Self.trimmed(stopped.stdout).split(separator: "\n").count == 1, "only the exit-9 container is left")
    }

    @Test func interactiveTTYWithBerth() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let command = "(sleep 1; printf 'echo tty-$((5*5))\\n'; sleep 0.5; printf 'exit 6\\n') | script -qec '\(DaemonHarness.berthBin) -H \(daemon.host) run -it --rm busybox sh' /dev/null"
        let result = try daemon.run("/bin/sh", ["-c", command + "; echo status=$?"])
        #expect(result.stdout.contains("tty-25"), "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("status=6"), "\(result.stdout)")
    }
}
