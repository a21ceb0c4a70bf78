import BerthCore
import BerthLinux
import Glibc

/// A runc-compatible runtime driven through its command line: `RUNTIME [--root R] --log L
/// --log-format json VERB ...`. When a verb fails, the reason is the last json `error` line the
/// runtime logged during that call (what containerd reports), not a generic message.
struct RuntimeCLI {
    let binary: String
    let root: String?
    let logPath: String
    let runner: ProcessRunner

    init(binary: String, root: String?, logPath: String, runner: ProcessRunner) {
        self.binary = binary
        self.root = (root?.isEmpty ?? true) ? nil : root
        self.logPath = logPath
        self.runner = runner
    }

    /// A name without a slash is looked up beside the shim's own executable first (an install puts
    /// berth-shim and berth-runtime together), then in PATH and the sbin directories.
    static func resolve(_ name: String) throws -> String {
        let requested = name.isEmpty ? "berth-runtime" : name
        if requested.contains("/") {
            guard access(requested, X_OK) == 0 else { throw BerthError(.notFound, "runtime binary \(requested): \(errnoText())") }
            return requested
        }
        var dirs: [String] = []
        if let exe = try? readLink("/proc/self/exe"), let slash = exe.lastIndex(of: "/") {
            dirs.append(String(exe[..<slash]))
        }
        if let path = getenv("PATH") { dirs += String(cString: path).split(separator: ":").map(String.init) }
        dirs += ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        for dir in dirs where !dir.isEmpty {
            let candidate = dir + "/" + requested
            if access(candidate, X_OK) == 0 { return candidate }
        }
        throw BerthError(.notFound, "runtime binary \"\(requested)\" not found beside berth-shim or in PATH")
    }

    private static func readLink(_ path: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n > 0 else { throw BerthError.sys("readlink \(path)") }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func argv(_ verb: [String]) -> [String] {
        var out = [binary]
        if let root { out += ["--root", root] }
        return out + ["--log", logPath, "--log-format", "json"] + verb
    }

    /// Runs a verb whose stdio belongs to a container process (create, exec).
    func run(_ verb: [String], stdin: Int32, stdout: Int32, stderr: Int32) throws {
        let mark = logSize()
        let status = try runner.run(argv(verb), stdin: stdin, stdout: stdout, stderr: stderr)
        guard status == 0 else { throw failure(verb, status: status, since: mark, stderr: []) }
    }

    /// Runs a verb and returns its stdout.
    @discardableResult
    func capture(_ verb: [String], input: [UInt8] = []) throws -> [UInt8] {
        let mark = logSize()
        let out = try runner.capture(argv(verb), input: input)
        guard out.status == 0 else { throw failure(verb, status: out.status, since: mark, stderr: out.stderr) }
        return out.stdout
    }

    private func logSize() -> Int {
        var st = stat()
        return stat(logPath, &st) == 0 ? Int(st.st_size) : 0
    }

    private func failure(_ verb: [String], status: Int32, since offset: Int, stderr: [UInt8]) -> BerthError {
        let name = verb.first ?? "call"
        if let message = lastLoggedError(since: offset) {
            return BerthError(classify(message), message)
        }
        var text = String(decoding: stderr, as: UTF8.self)
        while text.last == "\n" || text.last == " " { text.removeLast() }
        if !text.isEmpty { return BerthError(classify(text), text) }
        return BerthError(.system, "runtime \(binary) \(name) exited with status \(status)")
    }

    /// Maps the runtime's wording onto an error code the supervisor can turn into a gRPC status.
    private func classify(_ message: String) -> BerthError.Code {
        let lower = message.lowercased()
        if lower.contains("does not exist") || lower.contains("not found") || lower.contains("no such") { return .notFound }
        if lower.contains("already exists") { return .alreadyExists }
        if lower.contains("not running") || lower.contains("not paused") || lower.contains("is paused")
            || lower.contains("cannot") && lower.contains("state") { return .illegalState }
        return .system
    }

    /// The msg of the last `"level":"error"` line appended since `offset`.
    private func lastLoggedError(since offset: Int) -> String? {
        let fd = berthOpen(logPath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard lseek(fd, off_t(offset), SEEK_SET) >= 0, let bytes = try? FileIO.readAll(fd: fd, what: logPath) else { return nil }
        var found: String?
        for line in bytes.split(separator: 0x0A) {
            guard let value = try? JSONValue.parse(Array(line)), value["level"]?.string == "error",
                  let msg = value["msg"]?.string, !msg.isEmpty else { continue }
            found = msg
        }
        return found
    }
}
