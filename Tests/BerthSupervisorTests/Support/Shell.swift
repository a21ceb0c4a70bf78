import Foundation

/// Runs a short command with output captured through files (not pipes): a daemon it leaves behind
/// cannot hold our read end open and hang the test.
enum Shell {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    @discardableResult
    static func run(_ path: String, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> Result {
        let dir = NSTemporaryDirectory() + "berth-shell-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        FileManager.default.createFile(atPath: dir + "/out", contents: nil)
        FileManager.default.createFile(atPath: dir + "/err", contents: nil)
        FileManager.default.createFile(atPath: dir + "/in", contents: Data((stdin ?? "").utf8))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardInput = FileHandle(forReadingAtPath: dir + "/in")
        process.standardOutput = FileHandle(forWritingAtPath: dir + "/out")
        process.standardError = FileHandle(forWritingAtPath: dir + "/err")
        try process.run()
        process.waitUntilExit()
        let out = (try? String(contentsOfFile: dir + "/out", encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: dir + "/err", encoding: .utf8)) ?? ""
        return Result(status: process.terminationStatus, stdout: out, stderr: err)
    }
}
