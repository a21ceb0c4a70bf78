import BerthOCI
import Foundation
import Glibc
import Testing

/// Observing containers from the inside, and the host they run on, for the config.json contract
/// tests (namespaces, rootfs, mounts, devices, paths). Additive to the shared support files.
enum Observe {
    /// The /proc/<pid>/ns file name of a namespace type ("network" -> "net", "mount" -> "mnt").
    static func nsFile(_ type: NamespaceType) -> String {
        switch type {
        case .network: return "net"
        case .mount: return "mnt"
        default: return type.rawValue
        }
    }

    /// `readlink /proc/<pid>/ns/<file>`, e.g. "net:[4026531840]"; nil when absent.
    static func namespace(_ file: String, pid: String = "self") -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/\(file)")
    }

    /// A shell loop printing "<file> <readlink>" for each namespace file, for `keyValues`.
    static func nsScript(_ files: [String]) -> String {
        "for n in \(files.joined(separator: " ")); do echo \"$n $(readlink /proc/self/ns/$n)\"; done"
    }

    /// "key value..." lines to a dictionary (first word is the key, the rest the value).
    static func keyValues(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard let key = parts.first else { continue }
            out[String(key)] = parts.count > 1 ? String(parts[1]) : ""
        }
        return out
    }

    static func read(_ path: String) -> String? {
        try? String(contentsOfFile: path, encoding: .utf8)
    }

    /// Runs `script` under `sh -c` in a fresh bundle with berth-runtime (or `rt`), cleaning up.
    static func run(_ script: String, readonlyRoot: Bool = false, runtime: RuntimeCLI? = nil,
                    configure: (inout Spec) -> Void = { _ in }) throws -> Shell.Result {
        let rt = runtime ?? RuntimeCLI.berth()
        defer { if runtime == nil { rt.cleanup() } }
        let bundle = try TestBundle(args: ["sh", "-c", script], readonlyRoot: readonlyRoot, configure: configure)
        return try rt.spawnRun(bundle)
    }

    /// The same script and configuration under berth-runtime and under runc (nil without runc),
    /// each with its own bundle so neither sees what the other did to the rootfs.
    static func differential(_ script: String, readonlyRoot: Bool = false,
                             configure: (inout Spec) -> Void = { _ in }) throws -> (berth: Shell.Result, runc: Shell.Result?) {
        let berth = try run(script, readonlyRoot: readonlyRoot, configure: configure)
        guard let runc = RuntimeCLI.runc() else { return (berth, nil) }
        defer { runc.cleanup() }
        let other = try run(script, readonlyRoot: readonlyRoot, runtime: runc, configure: configure)
        return (berth, other)
    }

    /// glibc's posix_spawn_file_actions_addclosefrom_np (2.34+), which the Glibc module does not
    /// import: looked up at run time.
    static func addCloseFrom(_ actions: inout posix_spawn_file_actions_t, _ fd: Int32) {
        typealias Fn = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(sym, to: Fn.self)(&actions, fd)
    }

    /// Spawns `argv` with stdin from /dev/null and stdout/stderr into files, closes every other
    /// descriptor in the child, and waits with waitpid (bounded by `timeout`). Foundation.Process
    /// is not used: it detects exit by EOF on a socket the child inherits, so a runtime that let a
    /// container init keep inherited descriptors would hang the caller instead of failing a test.
    static func spawnAndWait(_ argv: [String], stdout: String, stderr: String, timeout: TimeInterval = 60) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o600)
        Observe.addCloseFrom(&actions, 3)
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, &cArgs, environ)
        guard rc == 0 else { throw TestFailure("posix_spawn \(argv[0]): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        // Poll so a hung runtime fails the test instead of hanging the suite.
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid || (r < 0 && errno != EINTR) { break }
            if Date() > deadline {
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                throw TestFailure("\(argv.joined(separator: " ")) did not finish in \(Int(timeout)) s")
            }
            usleep(1000)
        }
        // WIFEXITED ? WEXITSTATUS : 128 + signal
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Runs any command to completion with output captured through files (no pipes, no
    /// Foundation.Process, nothing left open in the test process).
    static func command(_ argv: [String], timeout: TimeInterval = 60) throws -> Shell.Result {
        let outFile = NSTemporaryDirectory() + TestEnv.uniqueName("cmd-out")
        let errFile = NSTemporaryDirectory() + TestEnv.uniqueName("cmd-err")
        defer {
            unlink(outFile)
            unlink(errFile)
        }
        let status = try spawnAndWait(argv, stdout: outFile, stderr: errFile, timeout: timeout)
        return Shell.Result(status: status, stdout: read(outFile) ?? "", stderr: read(errFile) ?? "")
    }

    /// Runs the runtime with `args`, output captured through files (for verbs that leave a
    /// container process behind: `create`, `run -d`).
    static func runtimeToFiles(_ rt: RuntimeCLI, _ args: [String]) throws -> Shell.Result {
        try command([rt.binary, "--root", rt.root] + args)
    }

    /// `run -d` with the container's stdio on files (a detached container holding our pipes
    /// would keep `Shell.run` waiting for EOF). Returns the init's host pid.
    @discardableResult
    static func runDetached(_ rt: RuntimeCLI, _ bundle: TestBundle, id: String) throws -> Int32 {
        let r = try runtimeToFiles(rt, ["run", "-d", "--bundle", bundle.dir, id])
        guard r.status == 0 else { throw TestFailure("run -d \(id): status \(r.status): \(r.stderr)") }
        return try pid(rt, id)
    }

    /// `create [extra args] ID` then `start ID` with the container's stdout and stderr in files
    /// (create's stdio is inherited by the init, which outlives it); waits for the container to
    /// stop and returns what it printed. `create` failures are returned with its stderr.
    static func createAndStart(_ rt: RuntimeCLI, _ bundle: TestBundle, id: String, createArgs: [String] = [],
                               timeout: TimeInterval = 20) throws -> Shell.Result {
        let outFile = NSTemporaryDirectory() + TestEnv.uniqueName("create-out")
        let errFile = NSTemporaryDirectory() + TestEnv.uniqueName("create-err")
        defer {
            unlink(outFile)
            unlink(errFile)
        }
        let status = try spawnAndWait([rt.binary, "--root", rt.root, "create", "--bundle", bundle.dir] + createArgs + [id],
                                      stdout: outFile, stderr: errFile)
        guard status == 0 else {
            return Shell.Result(status: status, stdout: read(outFile) ?? "", stderr: read(errFile) ?? "")
        }
        let start = try rt.spawn("start", id)
        guard start.status == 0 else { return start }
        waitUntil(timeout: timeout) {
            let state = try? rt.spawn("state", id)
            return state?.stdout.contains("\"stopped\"") ?? true
        }
        return Shell.Result(status: 0, stdout: read(outFile) ?? "", stderr: read(errFile) ?? "")
    }

    /// The init pid from `state`.
    static func pid(_ rt: RuntimeCLI, _ id: String) throws -> Int32 {
        let state = try rt.spawn("state", id)
        guard state.status == 0,
              let json = try JSONSerialization.jsonObject(with: Data(state.stdout.utf8)) as? [String: Any],
              let pid = json["pid"] as? Int, pid > 0 else {
            throw TestFailure("state \(id): \(state.stdout) \(state.stderr)")
        }
        return Int32(pid)
    }

    /// Polls until `condition` holds (or the timeout passes); returns whether it held.
    @discardableResult
    static func waitUntil(timeout: TimeInterval = 5, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(5_000)
        }
        return condition()
    }

    /// Mount points under `prefix` in the test process's mount table (to detect leaks to the host).
    static func hostMounts(under prefix: String) -> [MountEntry] {
        MountEntry.parse(read("/proc/self/mountinfo") ?? "").filter {
            $0.mountPoint == prefix || $0.mountPoint.hasPrefix(prefix + "/")
        }
    }

    /// The inside view of mounts, normalised for comparison between runtimes: "mountpoint fstype
    /// per-mount-options" per line, sorted (ids, sources and superblock options dropped).
    static func normalizedMounts(_ mountinfo: String, dropping: Set<String> = []) -> [String] {
        MountEntry.parse(mountinfo).filter { !dropping.contains($0.mountPoint) }
            .map { "\($0.mountPoint) \($0.fsType) \($0.options.joined(separator: ","))" }.sorted()
    }
}

/// One line of /proc/<pid>/mountinfo.
struct MountEntry: Equatable, CustomStringConvertible {
    var id: Int
    var parent: Int
    var device: String
    var root: String
    var mountPoint: String
    var options: [String]
    var optional: [String]
    var fsType: String
    var source: String
    var superOptions: [String]

    init?(line: Substring) {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let dash = fields.firstIndex(of: "-"), dash >= 6, fields.count >= dash + 3,
              let id = Int(fields[0]), let parent = Int(fields[1]) else { return nil }
        self.id = id
        self.parent = parent
        device = fields[2]
        root = Self.unescape(fields[3])
        mountPoint = Self.unescape(fields[4])
        options = fields[5].split(separator: ",").map(String.init)
        optional = Array(fields[6..<dash])
        fsType = fields[dash + 1]
        source = Self.unescape(fields[dash + 2])
        superOptions = fields.count > dash + 3 ? fields[dash + 3].split(separator: ",").map(String.init) : []
    }

    static func parse(_ text: String) -> [MountEntry] {
        text.split(separator: "\n").compactMap { MountEntry(line: $0) }
    }

    /// The topmost mount at `path` (the last entry for it in mount order).
    static func at(_ path: String, in text: String) -> MountEntry? {
        parse(text).last { $0.mountPoint == path }
    }

    /// "shared:N" -> N (nil when not shared).
    var sharedGroup: String? { optional.first { $0.hasPrefix("shared:") }.map { String($0.dropFirst(7)) } }
    /// "master:N" -> N (nil when not a slave).
    var masterGroup: String? { optional.first { $0.hasPrefix("master:") }.map { String($0.dropFirst(7)) } }

    var description: String {
        "\(id) \(parent) \(root) \(mountPoint) \(options.joined(separator: ",")) \(optional.joined(separator: " ")) - \(fsType) \(source) \(superOptions.joined(separator: ","))"
    }

    /// mountinfo escapes space, tab, newline and backslash as octal.
    static func unescape(_ s: String) -> String {
        guard s.contains("\\") else { return s }
        var out = ""
        var chars = Array(s)[...]
        while let c = chars.popFirst() {
            if c == "\\", chars.count >= 3, let v = UInt8(String(chars.prefix(3)), radix: 8) {
                out.append(Character(UnicodeScalar(v)))
                chars = chars.dropFirst(3)
            } else {
                out.append(c)
            }
        }
        return out
    }
}

/// A long-running host process (e.g. `unshare --net sleep 600`) whose namespaces containers join.
/// Spawned with posix_spawn (stdio on /dev/null, no other inherited descriptors, so it cannot hold
/// another test's pipes open); killed and reaped by `stop()`, which `deinit` also calls.
final class BackgroundProcess {
    let pid: Int32
    private var stopped = false

    init(_ argv: [String]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in Int32(0)...2 { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        Observe.addCloseFrom(&actions, 3)
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, &cArgs, environ)
        guard rc == 0 else { throw TestFailure("posix_spawn \(argv[0]): \(String(cString: strerror(rc)))") }
        self.pid = pid
    }

    /// The first child (for `unshare --fork`, the process inside the new pid/time namespace).
    func child(timeout: TimeInterval = 5) -> Int32? {
        var found: Int32?
        Observe.waitUntil(timeout: timeout) {
            let text = Observe.read("/proc/\(pid)/task/\(pid)/children") ?? ""
            found = text.split(separator: " ").first.flatMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
            return found != nil
        }
        return found
    }

    /// Waits until `pid` has exec'd `comm` (so its namespaces are final).
    @discardableResult
    func waitForExec(of pid: Int32, comm: String, timeout: TimeInterval = 5) -> Bool {
        Observe.waitUntil(timeout: timeout) {
            (Observe.read("/proc/\(pid)/comm") ?? "").trimmingCharacters(in: .whitespacesAndNewlines) == comm
        }
    }

    func stop() {
        guard !stopped else { return }
        stopped = true
        // Kill what it started too (unshare --fork leaves a child behind otherwise).
        if let children = Observe.read("/proc/\(pid)/task/\(pid)/children") {
            for c in children.split(separator: " ").compactMap({ Int32($0.trimmingCharacters(in: .whitespaces)) }) { kill(c, SIGKILL) }
        }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    deinit { stop() }
}

/// A tmpfs mounted on the host at a unique directory, optionally made shared, for propagation
/// tests. `cleanup()` (also in deinit) unmounts everything under it, which also removes anything
/// a buggy runtime propagated into it.
final class HostTmpfs {
    let path: String

    init(shared: Bool, prefix: String = "berth-hostfs") throws {
        path = NSTemporaryDirectory() + TestEnv.uniqueName(prefix)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let m = try Observe.command(["/usr/bin/mount", "-t", "tmpfs", "-o", "size=64m", "berthtest", path])
        guard m.status == 0 else { throw TestFailure("mount tmpfs \(path): \(m.stderr)") }
        if shared {
            let s = try Observe.command(["/usr/bin/mount", "--make-shared", path])
            guard s.status == 0 else { cleanup(); throw TestFailure("make-shared \(path): \(s.stderr)") }
        }
    }

    /// The peer group of the host mount ("shared:N" -> N).
    var peerGroup: String? { MountEntry.at(path, in: Observe.read("/proc/self/mountinfo") ?? "")?.sharedGroup }

    /// Copies the busybox rootfs into the tmpfs and returns its path.
    func copyRootfs(named name: String = "rootfs") throws -> String {
        let dest = path + "/" + name
        let c = try Observe.command(["/bin/cp", "-a", TestEnv.rootfs, dest])
        guard c.status == 0 else { throw TestFailure("copy rootfs: \(c.stderr)") }
        return dest
    }

    private var cleaned = false
    func cleanup() {
        guard !cleaned else { return }
        cleaned = true
        for _ in 0..<3 where !Observe.hostMounts(under: path).isEmpty {
            _ = try? Observe.command(["/usr/bin/umount", "-R", "-l", path])
        }
        _ = try? Observe.command(["/bin/rm", "-rf", "--one-file-system", path])
    }

    deinit { cleanup() }
}

extension RuntimeCLI {
    /// Like `callAsFunction`, through posix_spawn and files instead of Shell.run.
    @discardableResult
    func spawn(_ args: String...) throws -> Shell.Result {
        try Observe.command([binary, "--root", root] + args)
    }

    /// Like `run(_:id:)`, through posix_spawn and files instead of Shell.run.
    func spawnRun(_ bundle: TestBundle, id: String = TestEnv.uniqueName("c")) throws -> Shell.Result {
        try Observe.command([binary, "--root", root, "run", "--bundle", bundle.dir, id])
    }
}
