import BerthHTTPServer
import Foundation

/// Runs `body` against a server on a fresh unix socket, and always shuts it down and removes the socket.
func withTestServer<T>(_ router: Router, configure: (inout HTTPServerConfiguration) -> Void = { _ in },
                       _ body: (HTTPServer, String) async throws -> T) async throws -> T {
    let path = uniqueSocketPath()
    var configuration = HTTPServerConfiguration(unixSocketPath: path)
    configuration.shutdownGracePeriod = .seconds(2)
    configure(&configuration)
    let server = HTTPServer(configuration: configuration, router: router)
    try await server.start()
    do {
        let result = try await body(server, path)
        await server.shutdown()
        unlink(path)
        return result
    } catch {
        await server.shutdown()
        unlink(path)
        throw error
    }
}

/// A short, unique path (sun_path holds 107 bytes).
func uniqueSocketPath() -> String {
    "/tmp/berth-http-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
}

/// The result of a child process.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program to completion without blocking a concurrency thread (the server's handlers need them).
/// Output goes through temp files, so a large output cannot fill a pipe and stall the child.
func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) async throws -> ProcessResult {
    let directory = FileManager.default.temporaryDirectory
    let outURL = directory.appendingPathComponent("berth-http-out-\(UUID().uuidString)")
    let errURL = directory.appendingPathComponent("berth-http-err-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer {
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let outHandle = try FileHandle(forWritingTo: outURL)
    let errHandle = try FileHandle(forWritingTo: errURL)
    process.standardOutput = outHandle
    process.standardError = errHandle
    process.standardInput = FileHandle.nullDevice
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
        process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
        do {
            try process.run()
        } catch {
            process.terminationHandler = nil
            continuation.resume(throwing: error)
        }
    }
    try? outHandle.close()
    try? errHandle.close()
    let stdout = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
    let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
    return ProcessResult(status: status, stdout: stdout, stderr: stderr)
}

/// `curl --unix-socket path -sS ... http://localhost<target>`; `-i` output splits into status, headers, body.
struct CurlResponse {
    var status: Int
    var headers: [String: String]
    var body: String

    func header(_ name: String) -> String? { headers[name.lowercased()] }
}

let curlPath = "/usr/bin/curl"

func curl(_ socket: String, _ target: String, _ extra: [String] = []) async throws -> CurlResponse {
    let result = try await run(curlPath, ["-sS", "-i", "--max-time", "90", "--unix-socket", socket] + extra + ["http://localhost\(target)"])
    guard result.status == 0 else { throw TestFailure("curl \(target) failed (\(result.status)): \(result.stderr)") }
    return try parseHTTPResponse(result.stdout)
}

/// Parses `curl -i` output (skipping `100 Continue` interim answers).
func parseHTTPResponse(_ text: String) throws -> CurlResponse {
    var rest = Substring(text)
    while true {
        guard let end = rest.range(of: "\r\n\r\n") else { throw TestFailure("no header block in: \(text)") }
        let head = rest[..<end.lowerBound]
        rest = rest[end.upperBound...]
        let lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.first ?? ""
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { throw TestFailure("bad status line: \(statusLine)") }
        if status == 100 { continue }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return CurlResponse(status: status, headers: headers, body: String(rest))
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
