import Foundation
import Glibc

/// A real docker-registry on loopback for one test, through Scripts/lib/registry-fixture.
final class RegistryFixture: @unchecked Sendable {
    static let script = DaemonHarness.repo + "/Scripts/lib/registry-fixture"
    static let available = FileManager.default.isExecutableFile(atPath: "/usr/bin/docker-registry")
        && FileManager.default.isExecutableFile(atPath: script)

    let dir: String
    private(set) var address: String
    var tokenAddress: String? { try? String(contentsOfFile: dir + "/token-addr", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) }

    init(auth: String = "none", extra: [String] = []) throws {
        dir = "/tmp/berth-regtest-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
        let result = try Self.run(["start", dir, "--auth", auth] + extra)
        guard result.status == 0 else { throw DaemonHarnessError("registry-fixture start failed: \(result.output)") }
        address = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func kill() throws {
        let result = try Self.run(["kill", dir])
        guard result.status == 0 else { throw DaemonHarnessError("registry-fixture kill failed: \(result.output)") }
    }

    func restart() throws {
        let result = try Self.run(["restart", dir])
        guard result.status == 0 else { throw DaemonHarnessError("registry-fixture restart failed: \(result.output)") }
        address = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func stop() {
        _ = try? Self.run(["stop", dir, "--hard"])
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let out = "/tmp/berth-regfix-\(UInt32.random(in: 0..<UInt32.max))"
        FileManager.default.createFile(atPath: out, contents: nil)
        defer { unlink(out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: out)
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "")
    }
}
