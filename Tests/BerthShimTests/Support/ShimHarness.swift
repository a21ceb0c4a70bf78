import BerthShimAPI
import CBerthLinux
import Foundation
import Glibc

/// One container under one real shim: a temp dir holding the bundle (config.json over the shared
/// read-only busybox rootfs), the shim's socket directory and the runtime's state root. `cleanup()`
/// removes every trace even when a test failed half-way: the runtime's container, the shim process
/// and the directories.
final class ShimHarness {
    let dir: String
    let id: String
    let namespace = "shimtest"
    let runtime: String
    let shimBinary: String
    var bundle: String { dir + "/bundle" }
    var socketDir: String { dir + "/s" }
    var runtimeRoot: String { dir + "/root" }
    private(set) var address = ""
    private var cachedClient: ShimClient?

    init(args: [String], terminal: Bool = false, runtime: String = ShimTestEnv.runtime, id: String? = nil,
         shimBinary: String = ShimTestEnv.shim, memoryLimit: Int? = nil) throws {
        // Short: socket paths are dir + /s/ + 64 hex characters and must stay under 108 bytes.
        dir = "/tmp/bst-\(UInt32.random(in: 0..<UInt32.max))"
        self.id = id ?? ShimTestEnv.uniqueName("shim")
        self.runtime = runtime
        self.shimBinary = shimBinary
        try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
        try writeConfig(args: args, terminal: terminal, memoryLimit: memoryLimit)
    }

    /// The runtime's default spec, pointed at the shared rootfs (read-only, so tests can share it).
    private func writeConfig(args: [String], terminal: Bool, memoryLimit: Int?) throws {
        let spec = try Shell.run([ShimTestEnv.runtime, "spec", "-b", bundle])
        guard spec.status == 0 else { throw TestFailure("runtime spec: \(spec.stderr)") }
        let path = bundle + "/config.json"
        guard var config = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any],
              var process = config["process"] as? [String: Any] else { throw TestFailure("unexpected spec shape") }
        process["args"] = args
        process["terminal"] = terminal
        config["process"] = process
        config["root"] = ["path": ShimTestEnv.rootfs, "readonly": true]
        config["hostname"] = "shimtest"
        if let memoryLimit, var linux = config["linux"] as? [String: Any] {
            var resources = linux["resources"] as? [String: Any] ?? [:]
            resources["memory"] = ["limit": memoryLimit, "swap": memoryLimit]
            linux["resources"] = resources
            config["linux"] = linux
        }
        if runtime.hasSuffix("runc") { config["ociVersion"] = "1.0.2" }
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: path))
    }

    /// `berth-shim start`; returns its stdout (the address).
    @discardableResult
    func startShim(extra: [String] = []) throws -> String {
        let out = try Shell.run([shimBinary, "start", "--namespace", namespace, "--id", id, "--bundle", bundle,
                                 "--runtime", runtime, "--runtime-root", runtimeRoot, "--socket-dir", socketDir] + extra)
        guard out.status == 0 else { throw TestFailure("berth-shim start failed (\(out.status)): \(out.stderr)") }
        address = out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return address
    }

    var client: ShimClient {
        if let cachedClient { return cachedClient }
        let c = ShimClient(address: address, timeoutMilliseconds: 30_000)
        cachedClient = c
        return c
    }

    /// A fresh client, as a restarted supervisor would make.
    func newClient() -> ShimClient { ShimClient(address: address, timeoutMilliseconds: 30_000) }

    var shimPid: Int32? {
        (try? String(contentsOfFile: bundle + "/shim.pid", encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    @discardableResult
    func create(terminal: Bool = false, stdin: String? = nil, stdout: String? = nil, stderr: String? = nil, logPath: String? = nil) throws -> Int32 {
        try client.create(CreateRequest(id: id, bundle: bundle, terminal: terminal, stdin: stdin, stdout: stdout,
                                        stderr: stderr, logPath: logPath)).pid
    }

    /// startShim + create + start.
    func run(terminal: Bool = false, stdin: String? = nil, stdout: String? = nil, stderr: String? = nil, logPath: String? = nil) throws {
        try startShim()
        try create(terminal: terminal, stdin: stdin, stdout: stdout, stderr: stderr, logPath: logPath)
        _ = try client.start()
    }

    func makeFifo(_ name: String) throws -> String {
        let path = dir + "/" + name
        guard mkfifo(path, 0o600) == 0 else { throw TestFailure("mkfifo \(path): errno \(errno)") }
        return path
    }

    /// The runtime's view of the container, or nil when it has none.
    func runtimeState() -> String? {
        guard let out = try? Shell.run([runtime, "--root", runtimeRoot, "state", id]), out.status == 0 else { return nil }
        return out.stdout
    }

    private var cleaned = false

    func cleanup() {
        guard !cleaned else { return }
        cleaned = true
        cachedClient?.close()
        _ = try? Shell.run([runtime, "--root", runtimeRoot, "delete", "--force", id])
        if let pid = shimPid, pid > 1 {
            Glibc.kill(pid, SIGKILL)
            for _ in 0..<100 where Glibc.kill(pid, 0) == 0 { usleep(10_000) }
        }
        _ = try? Shell.run([runtime, "--root", runtimeRoot, "delete", "--force", id])
        _ = try? Shell.run(["/bin/rm", "-rf", dir])
    }

    deinit { cleanup() }
}
