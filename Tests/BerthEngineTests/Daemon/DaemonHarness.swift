import BerthLinux
import Foundation
import Synchronization
import Glibc
import Testing

/// A private berth-supervisor + berthd pair for one test, on sockets under a unique /run directory.
/// The busybox image is imported with berth-ctr; clients are the real docker CLI and berth.
final class DaemonHarness: @unchecked Sendable {
    static let repo: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func binary(_ variable: String, _ name: String) -> String {
        ProcessInfo.processInfo.environment[variable] ?? repo + "/.build/debug/" + name
    }

    static let supervisorBin = binary("BERTH_SUPERVISOR_BIN", "berth-supervisor")
    static let berthdBin = binary("BERTH_BERTHD_BIN", "berthd")
    static let berthBin = binary("BERTH_CLI_BIN", "berth")
    static let ctrBin = binary("BERTH_CTR_BIN", "berth-ctr")
    static let shimBin = binary("BERTH_SHIM_BIN", "berth-shim")
    static let runtimeBin = binary("BERTH_RUNTIME_BIN", "berth-runtime")
    static let rootfs = ProcessInfo.processInfo.environment["BERTH_TEST_ROOTFS"] ?? repo + "/.test-artifacts/rootfs"
    static let docker: String? = ["/usr/bin/docker", "/usr/local/bin/docker"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static let available: Bool = {
        geteuid() == 0 && FileManager.default.fileExists(atPath: rootfs + "/bin/busybox")
            && [supervisorBin, berthdBin, berthBin, ctrBin, shimBin, runtimeBin].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static let skipReason: Comment = "needs root, the busybox rootfs and built berth-supervisor, berthd, berth, berth-ctr, berth-shim and berth-runtime"

    let base: String
    var supervisorSocket: String { base + "/sup.sock" }
    var engineSocket: String { base + "/berth.sock" }
    var host: String { "unix://" + engineSocket }
    private var processes: [Foundation.Process] = []
    private var engine: Foundation.Process?

    /// The daemon.json berthd starts with.
    let daemonConfig: String

    /// This daemon's own bridge, nftables table and address space, so harnesses running side by side
    /// (and a dockerd on the host) never share a bridge, a rule or a subnet.
    let bridge: String
    let filterTable: String
    let bridgeIP: String
    let addressPool: String
    static let serial = Mutex(0)

    /// False leaves `--bip` out, so berthd picks the default bridge's subnet itself.
    let passesBridgeIP: Bool

    init(daemonConfig: String = #"{"debug": false}"#, passBridgeIP: Bool = true) throws {
        self.daemonConfig = daemonConfig
        passesBridgeIP = passBridgeIP
        base = "/run/berth-etest/\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
        let n = Self.serial.withLock { value -> Int in
            value += 1
            return value
        }
        let tag = String(UInt32.random(in: 0x100000..<0xffffff), radix: 16)
        bridge = "bt" + tag
        filterTable = "berth_t" + tag
        let slot = (Int(getpid()) &* 7 &+ n) % 250
        bridgeIP = "10.201.\(slot).1/24"
        addressPool = "base=10.\(130 + n % 60).0.0/16,size=24"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        try startSupervisor()
        try startEngine(writeConfig: true)
    }

    private var supervisor: Foundation.Process?

    func startSupervisor() throws {
        try launch(Self.supervisorBin, ["--root", base + "/sroot", "--state", base + "/sstate", "--address", supervisorSocket,
                                        "--runtime-root", base + "/runtime", "--shim", Self.shimBin, "--runtime", Self.runtimeBin],
                   log: "supervisor.log", socket: supervisorSocket)
        supervisor = processes.last
    }

    /// SIGKILL to berth-supervisor (shims and containers carry on; berthd stays up), then a new one on the same state.
    func killAndRestartSupervisor() throws {
        try killAndRestart(supervisor, "berth-supervisor", start: startSupervisor)
    }

    func startEngine(writeConfig: Bool = false) throws {
        try launch(Self.berthdBin, ["-H", host, "--data-root", base + "/engine", "--supervisor", supervisorSocket,
                                    "--config-file", base + "/daemon.json", "--exec-root", base + "/exec", "--bridge", bridge,
                                    "--default-address-pool", addressPool, "--nftables-table", filterTable]
                       + (passesBridgeIP ? ["--bip", bridgeIP] : []),
                   log: "berthd.log", socket: engineSocket, writeConfig: writeConfig)
        engine = processes.last
    }

    /// SIGKILL to berthd (containers, shims and the supervisor carry on), then a new berthd on the same state.
    func killAndRestartEngine() throws {
        try killAndRestart(engine, "berthd") { try startEngine() }
    }

    private func killAndRestart(_ process: Foundation.Process?, _ name: String, start: () throws -> Void) throws {
        guard let process else { throw DaemonHarnessError("\(name) is not running") }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        processes.removeAll { $0 === process }
        try start()
    }

    private func launch(_ path: String, _ arguments: [String], log: String, socket: String, writeConfig: Bool = false) throws {
        unlink(socket)
        if writeConfig { FileManager.default.createFile(atPath: base + "/daemon.json", contents: Data(daemonConfig.utf8)) }
        if !FileManager.default.fileExists(atPath: base + "/" + log) {
            FileManager.default.createFile(atPath: base + "/" + log, contents: nil)
        }
        let process = Foundation.Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let handle = FileHandle(forWritingAtPath: base + "/" + log)
        handle?.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        processes.append(process)
        for _ in 0..<400 {
            if UnixSocketProbe.accepts(socket) { return }
            if !process.isRunning { break }
            usleep(25_000)
        }
        let text = (try? String(contentsOfFile: base + "/" + log, encoding: .utf8)) ?? ""
        throw DaemonHarnessError("\(path) did not start: \(text)")
    }

    func importBusybox(name: String = "busybox:latest") throws {
        let tarball = base + "/rootfs.tar"
        _ = try run("/bin/tar", ["-C", Self.rootfs, "-cf", tarball, "."])
        let result = try run(Self.ctrBin, ["images", "import", "--name", name, "--format", "rootfs", tarball],
                             environment: ["BERTH_SUPERVISOR_ADDRESS": supervisorSocket, "BERTH_NAMESPACE": "berth"])
        guard result.status == 0 else { throw DaemonHarnessError("import failed: \(result.stderr)") }
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Output through files, so a daemon left behind by a command can't hold a pipe open.
    func run(_ path: String, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> Result {
        let out = base + "/out-\(UInt32.random(in: 0..<UInt32.max))"
        FileManager.default.createFile(atPath: out, contents: nil)
        FileManager.default.createFile(atPath: out + ".err", contents: nil)
        defer { unlink(out); unlink(out + ".err") }
        let process = Foundation.Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = base
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let stdin {
            FileManager.default.createFile(atPath: out + ".in", contents: Data(stdin.utf8))
            process.standardInput = FileHandle(forReadingAtPath: out + ".in")
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        defer { unlink(out + ".in") }
        process.standardOutput = FileHandle(forWritingAtPath: out)
        process.standardError = FileHandle(forWritingAtPath: out + ".err")
        try process.run()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: out + ".err", encoding: .utf8)) ?? "")
    }

    func docker(_ arguments: [String], stdin: String? = nil) throws -> Result {
        guard let docker = Self.docker else { throw DaemonHarnessError("docker CLI not installed") }
        return try run(docker, ["-H", host] + arguments, stdin: stdin)
    }

    /// A raw API call through curl: status code and body.
    func api(_ method: String, _ path: String, body: String? = nil, file: String? = nil) throws -> (status: Int, body: String) {
        var arguments = ["-s", "-o", "-", "-w", "\n%{http_code}", "--unix-socket", engineSocket, "-X", method]
        if let body { arguments += ["-H", "Content-Type: application/json", "--data-binary", body] }
        if let file { arguments += ["-H", "Content-Type: application/x-tar", "--data-binary", "@" + file] }
        let result = try run("/usr/bin/curl", arguments + ["http://localhost" + path])
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    func berth(_ arguments: [String], stdin: String? = nil) throws -> Result {
        try run(Self.berthBin, ["-H", host] + arguments, stdin: stdin)
    }

    func close() {
        // Containers outlive berthd (their shims are daemons): remove them while the API is still up.
        if let ids = try? api("GET", "/containers/json?all=1").body, ids.contains("\"Id\"") {
            for part in ids.components(separatedBy: "\"Id\":\"").dropFirst() {
                _ = try? api("DELETE", "/containers/" + String(part.prefix(64)) + "?force=1")
            }
        }
        // Volumes may hold mounts (type=tmpfs): removing them unmounts, before the directory goes.
        if let list = try? api("GET", "/volumes").body, list.contains("\"Name\"") {
            for part in list.components(separatedBy: "\"Name\":\"").dropFirst() {
                guard let end = part.firstIndex(of: "\"") else { continue }
                _ = try? api("DELETE", "/volumes/" + String(part[..<end]) + "?force=1")
            }
        }
        // User networks own bridges: removing them through the API deletes those.
        if let list = try? api("GET", "/networks").body {
            for part in list.components(separatedBy: "\"Id\":\"").dropFirst() {
                _ = try? api("DELETE", "/networks/" + String(part.prefix(64)))
            }
        }
        for process in processes.reversed() where process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        _ = try? run("/usr/sbin/ip", ["link", "del", bridge])
        _ = try? run("/usr/sbin/nft", ["delete", "table", "ip", filterTable])
        try? FileManager.default.removeItem(atPath: base)
    }
}

struct DaemonHarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension DaemonHarness {
    /// The host's IPv4 routes as `ip -4 route` prints them.
    static func probeRoutes() throws -> String {
        let out = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = ["-4", "route"]
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
