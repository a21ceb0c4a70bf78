import BerthOCI
import CBerthLinux
import Foundation
import Testing

/// process.terminal and consoleSize: the console socket handshake (pty master over SCM_RIGHTS),
/// the foreground proxy of `run`, and `exec -t`.
@Suite(.enabled(if: TestEnv.privileged, TestEnv.skipReason))
struct TerminalTests {
    /// What a process on the console reports about it. The last line waits for one line of input.
    static let probe = """
        stty size; tty; test -t 0 && echo stdin-is-tty; test -t 1 && echo stdout-is-tty; test -t 2 && echo stderr-is-tty
        [ "$(stat -c %t:%T /dev/console)" = "$(stat -c %t:%T "$(tty)")" ] && echo console-is-the-pty
        echo ready; read line; echo "got:$line"
        """

    func clean(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r", with: "")
            .split(separator: "\n").map(String.init)
    }

    /// Reads from the master until `marker` shows up (or the timeout), without waiting for EOF.
    func readUntil(_ fd: Int32, _ marker: String, timeout: Double = 15) -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0, !String(decoding: out, as: UTF8.self).contains(marker) {
            guard FdReceiver.waitReadable(fd, timeout: deadline.timeIntervalSinceNow) else { break }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    func write(_ fd: Int32, _ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }

    @Test func consoleSocketReceivesPtyMasterWithConsoleSize() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let sock = try FdReceiver()
        let id = TestEnv.uniqueName("tty")
        let bundle = try TestBundle(args: ["sh", "-c", Self.probe]) {
            $0.process?.terminal = true
            $0.process?.consoleSize = Box(height: 31, width: 97)
        }
        defer { withExtendedLifetime(bundle) {} }
        let created = try rt.detached(["create", "--bundle", bundle.dir, "--console-socket", sock.path, id],
                                      stdout: bundle.dir + "/out", stderr: bundle.dir + "/err")
        try #require(created.status == 0, "create: \(created.stderr)")
        let got = try sock.receive()
        try #require(got.fd >= 0, "no fd arrived over the console socket")
        defer { close(got.fd) }
        // The master is a pty master (ptmx), already sized before the process starts.
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(got.fd)")) ?? ""
        #expect(target.hasSuffix("ptmx"), "received fd is \(target)")
        var rows: UInt16 = 0, cols: UInt16 = 0
        #expect(berth_get_winsize(got.fd, &rows, &cols) == 0)
        #expect(rows == 31 && cols == 97, "winsize \(rows)x\(cols)")
        #expect(rt.state(id)?["status"] as? String == "created")

        try #require(try rt("start", id).status == 0)
        let first = readUntil(got.fd, "ready")
        write(got.fd, "ping-from-test\n")
        let rest = FdReceiver.readAll(got.fd, timeout: 15)
        let lines = clean(first + rest)
        #expect(lines.first == "31 97", "output: \(lines)")
        #expect(lines.contains { $0.range(of: #"^/dev/pts/\d+$"#, options: .regularExpression) != nil }, "output: \(lines)")
        #expect(lines.contains("stdin-is-tty"))
        #expect(lines.contains("stdout-is-tty"))
        #expect(lines.contains("stderr-is-tty"))
        #expect(lines.contains("console-is-the-pty"), "output: \(lines)")
        #expect(lines.contains("got:ping-from-test"), "output: \(lines)")
        #expect(rt.waitStatus(id, "stopped"))
        _ = try rt("delete", id)
    }

    @Test func foregroundRunProxiesTheTerminal() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["sh", "-c", "stty size; tty; test -t 0 && echo stdin-is-tty; exit 7"]) {
            $0.process?.terminal = true
            $0.process?.consoleSize = Box(height: 24, width: 132)
        }
        let r = try rt.run(bundle)
        #expect(r.status == 7, "stderr: \(r.stderr)")
        let lines = clean(Array(r.stdout.utf8))
        #expect(lines.first == "24 132", "output: \(lines)")
        #expect(lines.contains { $0.hasPrefix("/dev/pts/") }, "output: \(lines)")
        #expect(lines.contains("stdin-is-tty"))
        // Output through a pty has CRLF line ends: proof it went through the terminal.
        #expect(r.stdout.contains("\r\n"))
    }

    @Test func terminalWithoutConsoleSocketIsRejectedOnCreate() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let id = TestEnv.uniqueName("tty")
        let bundle = try TestBundle(args: ["true"]) { $0.process?.terminal = true }
        let r = try rt.create(bundle, id: id)
        #expect(r.status != 0)
        #expect(r.stderr.contains("console socket") || r.stderr.contains("console-socket"), "stderr: \(r.stderr)")
        #expect(rt.state(id) == nil)
    }

    @Test func consoleSocketWithoutTerminalIsRejected() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let sock = try FdReceiver()
        let id = TestEnv.uniqueName("tty")
        let bundle = try TestBundle(args: ["true"])
        let r = try rt.create(bundle, id: id, extra: ["--console-socket", sock.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("console socket"), "stderr: \(r.stderr)")
        #expect(rt.state(id) == nil)
    }

    /// A detached, non-terminal container to exec into.
    func sleeper(_ rt: RuntimeCLI) throws -> (TestBundle, String) {
        let id = TestEnv.uniqueName("exec")
        let bundle = try TestBundle(args: ["sleep", "1000"])
        let created = try rt.create(bundle, id: id)
        try #require(created.status == 0, "create: \(created.stderr)")
        try #require(try rt("start", id).status == 0)
        return (bundle, id)
    }

    @Test func execTtyWithConsoleSocket() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let (bundle, id) = try sleeper(rt)
        defer { withExtendedLifetime(bundle) {} }
        let sock = try FdReceiver()
        let r = try rt.detached(["exec", "-d", "-t", "--console-socket", sock.path, id, "sh", "-c", Self.probe],
                                stdout: bundle.dir + "/exec-out", stderr: bundle.dir + "/exec-err")
        #expect(r.status == 0, "exec: \(r.stderr)")
        let got = try sock.receive()
        try #require(got.fd >= 0)
        defer { close(got.fd) }
        let first = readUntil(got.fd, "ready")
        write(got.fd, "exec-input\n")
        let lines = clean(first + FdReceiver.readAll(got.fd, timeout: 15))
        #expect(lines.contains { $0.range(of: #"^/dev/pts/\d+$"#, options: .regularExpression) != nil }, "output: \(lines)")
        #expect(lines.contains("stdin-is-tty"), "output: \(lines)")
        #expect(lines.contains("got:exec-input"), "output: \(lines)")
        _ = try rt("delete", "--force", id)
    }

    @Test func execProcessJsonConsoleSize() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let (bundle, id) = try sleeper(rt)
        defer { withExtendedLifetime(bundle) {} }
        let sock = try FdReceiver()
        var process = bundle.spec.process ?? Process()
        process.terminal = true
        process.consoleSize = Box(height: 17, width: 53)
        process.args = ["sh", "-c", "stty size; tty"]
        let processFile = bundle.dir + "/process.json"
        try Data(JSONCoding.encode(process)).write(to: URL(fileURLWithPath: processFile))
        let r = try rt.detached(["exec", "-d", "--console-socket", sock.path, "-p", processFile, id],
                                stdout: bundle.dir + "/exec-out", stderr: bundle.dir + "/exec-err")
        #expect(r.status == 0, "exec: \(r.stderr)")
        let got = try sock.receive()
        try #require(got.fd >= 0)
        defer { close(got.fd) }
        let lines = clean(FdReceiver.readAll(got.fd, timeout: 15))
        #expect(lines.first == "17 53", "output: \(lines)")
        #expect(lines.contains { $0.hasPrefix("/dev/pts/") }, "output: \(lines)")
        _ = try rt("delete", "--force", id)
    }

    @Test func foregroundExecTty() throws {
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let (bundle, id) = try sleeper(rt)
        defer { withExtendedLifetime(bundle) {} }
        let r = try rt("exec", "-t", id, "sh", "-c", "tty; test -t 1 && echo stdout-is-tty; exit 5")
        #expect(r.status == 5, "exec: \(r.stderr)")
        let lines = clean(Array(r.stdout.utf8))
        #expect(lines.contains { $0.hasPrefix("/dev/pts/") }, "output: \(lines)")
        #expect(lines.contains("stdout-is-tty"))
        _ = try rt("delete", "--force", id)
    }

    /// `run` with terminal:true from a real terminal (script(1) provides one): each line of cooked
    /// output reaches the caller once as "\r\n", as with runc. (Translating twice, by the container's
    /// pty and again by the caller's terminal, gives "\r\r\n".)
    @Test func foregroundTerminalOnATtyMatchesRunc() throws {
        guard let runc = RuntimeCLI.runc(), FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        defer { runc.cleanup() }
        let rt = RuntimeCLI.berth()
        defer { rt.cleanup() }
        let bundle = try TestBundle(args: ["sh", "-c", "tty; test -t 0 && echo tty0; printf 'a\\nb\\n'; echo end"]) {
            $0.process?.terminal = true
        }
        func viaScript(_ cli: RuntimeCLI) throws -> Shell.Result {
            let command = "\(cli.binary) --root \(cli.root) run --bundle \(bundle.dir) \(TestEnv.uniqueName("tty"))"
            return try Shell.run(["/usr/bin/script", "-qec", command, "/dev/null"])
        }
        let theirs = try viaScript(runc)
        let ours = try viaScript(rt)
        #expect(theirs.status == 0, "runc: \(theirs.stdout) \(theirs.stderr)")
        #expect(ours.status == 0, "berth: \(ours.stdout) \(ours.stderr)")
        #expect(ours.stdout.contains("tty0\r\na\r\nb\r\nend\r\n"), "\(Array(ours.stdout.utf8))")
        #expect(!ours.stdout.contains("\r\r\n"), "output was translated again by the outer terminal: \(Array(ours.stdout.utf8))")
        // Byte equality with runc is not asserted: Debian's runc 1.1.5 leaves the outer terminal's output
        // processing on in some runs ("a\r\n" for the container's raw "a\n"), which is the behaviour
        // the check above rules out for berth-runtime. The lines themselves must match.
        #expect(Self.lines(ours.stdout) == Self.lines(theirs.stdout))
    }

    /// script(1) echoes a "^@" for its input's end wherever it lands in time: not the container's output.
    static func lines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "^@", with: "")
            .split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).map(String.init)
    }
}
