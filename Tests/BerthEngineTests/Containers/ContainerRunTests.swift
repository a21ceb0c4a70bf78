import Foundation
import Testing

/// The proof with the real docker CLI 28 against berthd: run, logs, exec, stop, rm, -it,
/// ps/inspect output, and berthd surviving kill -9.
@Suite("containers with the docker CLI", .serialized,
       .enabled(if: DaemonHarness.available && DaemonHarness.docker != nil, DaemonHarness.skipReason))
struct ContainerRunTests {
    static func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    @Test func runPrintsOutputAndReturnsTheContainersExitCode() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let hi = try daemon.docker(["run", "--rm", "busybox", "echo", "hi"])
        #expect(hi.status == 0, "\(hi.stderr)")
        #expect(hi.stdout == "hi\n")
        let failing = try daemon.docker(["run", "busybox", "false"])
        #expect(failing.status == 1, "\(failing.stderr)")
        let code = try daemon.docker(["run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 7"])
        #expect(code.status == 7)
        #expect(code.stdout == "out\n")
        #expect(code.stderr == "err\n")
        let notFound = try daemon.docker(["run", "--rm", "busybox", "/no/such/binary"])
        #expect(notFound.status == 127, "\(notFound.stderr)")
        let notExecutable = try daemon.docker(["run", "--rm", "busybox", "/etc/passwd"])
        #expect(notExecutable.status == 126, "\(notExecutable.stderr) \(notExecutable.stdout)")
        let stdin = try daemon.docker(["run", "--rm", "-i", "busybox", "cat"], stdin: "piped-in\n")
        #expect(stdin.stdout == "piped-in\n", "\(stdin.stderr)")
        // --rm removed every container above that asked for it; `false` stays.
        let all = try daemon.docker(["ps", "-a", "--format", "{{.Command}} {{.Status}}"])
        #expect(Self.trimmed(all.stdout).hasPrefix("\"false\" Exited (1)"), "\(all.stdout)")
        #expect(Self.trimmed(all.stdout).split(separator: "\n").count == 1)
    }

    @Test func detachedContainerLogsExecStopAndRemove() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let run = try daemon.docker(["run", "-d", "--name", "web", "--label", "role=test", "busybox", "sh", "-c",
                                     "echo started; echo warn >&2; exec sleep 1000"])
        #expect(run.status == 0, "\(run.stderr)")
        let id = Self.trimmed(run.stdout)
        #expect(id.count == 64)
        var logs = try daemon.docker(["logs", "web"])
        for _ in 0..<50 where logs.stdout.isEmpty {
            usleep(100_000)
            logs = try daemon.docker(["logs", "web"])
        }
        #expect(logs.stdout == "started\n")
        #expect(logs.stderr == "warn\n")
        let stamped = try daemon.docker(["logs", "-t", "--tail", "1", "web"])
        #expect(stamped.stdout.contains("Z started") || stamped.stderr.contains("Z warn"))
        let exec = try daemon.docker(["exec", "web", "sh", "-c", "echo in-exec; exit 4"])
        #expect(exec.stdout == "in-exec\n")
        #expect(exec.status == 4)
        let execStdin = try daemon.docker(["exec", "-i", "web", "cat"], stdin: "to-exec\n")
        #expect(execStdin.stdout == "to-exec\n")
        let execUser = try daemon.docker(["exec", "-u", "nobody", "-w", "/tmp", "-e", "X=1", "web", "sh", "-c", "id -un; pwd; echo $X"])
        #expect(execUser.stdout == "nobody\n/tmp\n1\n", "\(execUser.stderr)")
        let top = try daemon.docker(["top", "web"])
        #expect(top.stdout.contains("sleep 1000"))
        let filtered = try daemon.docker(["ps", "-q", "--no-trunc", "--filter", "label=role=test"])
        #expect(Self.trimmed(filtered.stdout) == id)
        let stop = try daemon.docker(["stop", "-t", "1", "web"])
        #expect(stop.status == 0, "\(stop.stderr)")
        let state = try daemon.docker(["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}} {{.State.Running}}", "web"])
        #expect(Self.trimmed(state.stdout) == "exited 137 false")
        let wait = try daemon.docker(["wait", "web"])
        #expect(Self.trimmed(wait.stdout) == "137")
        let rm = try daemon.docker(["rm", "web"])
        #expect(rm.status == 0)
        let gone = try daemon.docker(["inspect", "web"])
        #expect(gone.status != 0)
        #expect(gone.stderr.contains("No such object: web"))
    }

    @Test func interactiveTTYRunsUnderScript() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        guard let docker = DaemonHarness.docker else { return }
        // `script` gives the CLI a real terminal; the shell's echo and exit code come back through it.
        let command = "(sleep 1; printf 'echo tty-$((6*7))\\n'; sleep 0.5; printf 'exit 3\\n') | script -qec '\(docker) -H \(daemon.host) run -it --rm busybox sh' /dev/null"
        let result = try daemon.run("/bin/sh", ["-c", command + "; echo status=$?"])
        #expect(result.stdout.contains("tty-42"), "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("\r\n"), "a TTY turns \\n into \\r\\n")
        #expect(result.stdout.contains("status=3"), "\(result.stdout)")
    }

    @Test func psAndInspectShowDockersFields() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        #expect(try daemon.docker(["run", "-d", "--name", "box", "-e", "A=b", "-w", "/tmp", "busybox", "sleep", "100"]).status == 0)
        let table = try daemon.docker(["ps"])
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("CONTAINER ID   IMAGE     COMMAND       CREATED") == true, "\(table.stdout)")
        #expect(lines.count == 2)
        #expect(lines.last?.contains("\"sleep 100\"") == true)
        #expect(lines.last?.contains("Up ") == true)
        #expect(lines.last?.hasSuffix("box") == true)
        let inspect = try daemon.docker(["inspect", "-f",
            "{{.Name}} {{.Config.Image}} {{.Config.WorkingDir}} {{index .Config.Env 0}} {{.HostConfig.LogConfig.Type}} {{.State.Running}} {{len .Id}} {{.Path}} {{index .Args 0}}",
            "box"])
        #expect(Self.trimmed(inspect.stdout) == "/box busybox /tmp A=b json-file true 64 sleep 100", "\(inspect.stderr)")
        let hostname = try daemon.docker(["exec", "box", "hostname"])
        let id = try daemon.docker(["inspect", "-f", "{{.Id}}", "box"])
        #expect(Self.trimmed(hostname.stdout) == String(Self.trimmed(id.stdout).prefix(12)))
        let conflict = try daemon.docker(["run", "-d", "--name", "box", "busybox", "true"])
        #expect(conflict.status == 125)
        #expect(conflict.stderr.contains("is already in use by container"))
        let removeRunning = try daemon.docker(["rm", "box"])
        #expect(removeRunning.stderr.contains("container is running"))
        #expect(try daemon.docker(["pause", "box"]).status == 0)
        #expect(Self.trimmed(try daemon.docker(["inspect", "-f", "{{.State.Status}}", "box"]).stdout) == "paused")
        #expect(try daemon.docker(["unpause", "box"]).status == 0)
        #expect(try daemon.docker(["rename", "box", "box2"]).status == 0)
        #expect(try daemon.docker(["rm", "-f", "box2"]).status == 0)
    }

    @Test func containersSurviveBerthdKill9() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let run = try daemon.docker(["run", "-d", "--name", "ticker", "busybox", "sh", "-c",
                                     "i=0; while true; do echo n$i; i=$((i+1)); sleep 0.2; done"])
        #expect(run.status == 0, "\(run.stderr)")
        usleep(600_000)
        try daemon.killAndRestartEngine()
        usleep(800_000)
        let ps = try daemon.docker(["ps", "--format", "{{.Names}} {{.State}}"])
        #expect(Self.trimmed(ps.stdout) == "ticker running", "\(ps.stdout) \(ps.stderr)")
        let logs = try daemon.docker(["logs", "ticker"]).stdout.split(separator: "\n").map(String.init)
        // The output kept flowing into the log across the restart, with nothing lost or repeated.
        #expect(logs.count >= 6, "\(logs)")
        #expect(logs == (0..<logs.count).map { "n\($0)" })
        let stop = try daemon.docker(["stop", "-t", "0", "ticker"])
        #expect(stop.status == 0)
        #expect(Self.trimmed(try daemon.docker(["inspect", "-f", "{{.State.ExitCode}}", "ticker"]).stdout) == "137")
    }

    @Test func anImageRemovedAndImportedAgainRunsAgain() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        #expect(try daemon.docker(["run", "--rm", "busybox", "true"]).status == 0)
        let rmi = try daemon.docker(["rmi", "busybox"])
        #expect(rmi.status == 0, "\(rmi.stderr)")
        #expect(try daemon.docker(["image", "prune", "-a", "-f"]).status == 0)
        // Same content, same digests: the engine's remembered chain id points at collected snapshots.
        try daemon.importBusybox()
        let again = try daemon.docker(["run", "--rm", "busybox", "echo", "again"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == "again\n")
    }

    @Test func logDriversRotationAndTTYLogs() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        #expect(try daemon.docker(["run", "--log-driver", "none", "--name", "quiet", "busybox", "echo", "x"]).stdout == "x\n")
        let none = try daemon.docker(["logs", "quiet"])
        #expect(none.status != 0)
        #expect(none.stderr.contains("configured logging driver does not support reading"))
        let rotated = try daemon.docker(["run", "--log-opt", "max-size=1k", "--log-opt", "max-file=2", "--name", "rot", "busybox", "sh", "-c",
                                         "i=0; while [ $i -lt 200 ]; do echo line-$i; i=$((i+1)); done"])
        #expect(rotated.status == 0)
        let kept = try daemon.docker(["logs", "rot"]).stdout.split(separator: "\n").map(String.init)
        #expect(kept.last == "line-199")
        // Two files of 1 KiB (about 12 json-file lines each) keep only the newest lines, in order, without gaps.
        #expect(kept.count > 5 && kept.count < 40, "\(kept.count) lines kept")
        let first = Int(kept.first?.dropFirst("line-".count) ?? "") ?? 0
        #expect(kept == (first..<200).map { "line-\($0)" })
        #expect(first > 0)
        let logPath = Self.trimmed(try daemon.docker(["inspect", "-f", "{{.LogPath}}", "rot"]).stdout)
        #expect(FileManager.default.fileExists(atPath: logPath + ".1"))
        #expect(!FileManager.default.fileExists(atPath: logPath + ".2"))
        #expect(try daemon.docker(["run", "--log-driver", "local", "--name", "loc", "busybox", "echo", "local"]).status == 0)
        #expect(try daemon.docker(["logs", "loc"]).stdout == "local\n")
        #expect(try daemon.docker(["run", "-t", "--name", "tty", "busybox", "echo", "tty-line"]).status == 0)
        #expect(try daemon.docker(["logs", "tty"]).stdout == "tty-line\r\n")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/bin/tini-static"), "tini (Scripts/setup-deps installs it) gives --init its binary"))
    func initRunsTheCommandUnderDockerInit() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let ps = try daemon.docker(["run", "--rm", "--init", "busybox", "sh", "-c", "cat /proc/1/comm; exit 5"])
        #expect(ps.stdout == "docker-init\n", "\(ps.stderr)")
        #expect(ps.status == 5)
    }

    @Test func healthCheckGoesFromStartingToUnhealthyToHealthy() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let run = try daemon.docker(["run", "-d", "--name", "probe", "--health-cmd", "test -e /tmp/ok", "--health-interval", "1s",
                                     "--health-retries", "2", "busybox", "sh", "-c", "sleep 3.5; touch /tmp/ok; exec sleep 100"])
        #expect(run.status == 0, "\(run.stderr)")
        func status() throws -> String {
            Self.trimmed(try daemon.docker(["inspect", "-f", "{{.State.Health.Status}}", "probe"]).stdout)
        }
        #expect(try status() == "starting")
        var seen: [String] = []
        for _ in 0..<80 {
            let now = try status()
            if seen.last != now { seen.append(now) }
            if now == "healthy" { break }
            usleep(100_000)
        }
        #expect(seen == ["starting", "unhealthy", "healthy"], "\(seen)")
        #expect(try daemon.docker(["ps", "--format", "{{.Status}}"]).stdout.contains("(healthy)"))
        let log = try daemon.docker(["inspect", "-f", "{{.State.Health.FailingStreak}} {{(index .State.Health.Log 0).ExitCode}}", "probe"])
        #expect(Self.trimmed(log.stdout) == "0 1", "\(log.stdout)")
    }

    @Test func restartPoliciesRestartUntilStopped() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        #expect(try daemon.docker(["run", "-d", "--name", "flaky", "--restart", "on-failure:2", "busybox", "sh", "-c", "echo run; exit 1"]).status == 0)
        var state = ""
        for _ in 0..<60 {
            state = Self.trimmed(try daemon.docker(["inspect", "-f", "{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}", "flaky"]).stdout)
            if state == "2 exited 1" { break }
            usleep(100_000)
        }
        #expect(state == "2 exited 1")
        #expect(try daemon.docker(["logs", "flaky"]).stdout == "run\nrun\nrun\n")

        #expect(try daemon.docker(["run", "-d", "--name", "always", "--restart", "always", "busybox", "sh", "-c", "sleep 0.2"]).status == 0)
        var count = 0
        for _ in 0..<60 where count < 2 {
            count = Int(Self.trimmed(try daemon.docker(["inspect", "-f", "{{.RestartCount}}", "always"]).stdout)) ?? 0
            usleep(100_000)
        }
        #expect(count >= 2)
        let stop = try daemon.docker(["stop", "-t", "1", "always"])
        #expect(stop.status == 0, "\(stop.stderr)")
        let stopped = Self.trimmed(try daemon.docker(["inspect", "-f", "{{.RestartCount}}", "always"]).stdout)
        usleep(1_500_000)
        // A stop during the restart backoff cancels it: the count and state stay put.
        #expect(Self.trimmed(try daemon.docker(["inspect", "-f", "{{.RestartCount}} {{.State.Running}}", "always"]).stdout) == stopped + " false")
    }
}
