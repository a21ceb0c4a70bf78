import BerthCore
import BerthLinux
import Foundation
import Testing

/// A unique scratch directory, removed when the test's last reference goes (also on failure).
final class ScratchDirectory {
    let path: String

    init(_ label: String = "berth-images") throws {
        path = "/tmp/\(label)-\(UUID().uuidString.lowercased())"
        guard mkdir(path, 0o700) == 0 else { throw BerthError(.system, "mkdir \(path)", cause: errnoText()) }
    }

    deinit { FileIO.removeAll(path) }

    func sub(_ name: String) -> String { path + "/" + name }

    func makeDirectory(_ name: String) throws -> String {
        try FileIO.mkdirAll(sub(name))
        return sub(name)
    }
}

struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

@discardableResult
func run(_ executable: String, _ arguments: [String]) throws -> CommandResult {
    // Output goes to files: no pipe can fill up and block the child.
    let scratch = try ScratchDirectory("berth-run")
    _ = FileManager.default.createFile(atPath: scratch.sub("out"), contents: nil)
    _ = FileManager.default.createFile(atPath: scratch.sub("err"), contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable] + arguments
    let out = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.sub("out")))
    let err = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.sub("err")))
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    return CommandResult(status: process.terminationStatus,
                         stdout: readText(scratch.sub("out")) ?? "",
                         stderr: readText(scratch.sub("err")) ?? "")
}

/// Runs a command that must succeed; its stderr is in the error otherwise.
@discardableResult
func runChecked(_ executable: String, _ arguments: [String]) throws -> String {
    let result = try run(executable, arguments)
    guard result.status == 0 else {
        throw BerthError(.system, "\(executable) \(arguments.joined(separator: " ")) exited \(result.status)", cause: result.stderr)
    }
    return result.stdout
}

/// Builds a tar with Python's tarfile (system tar refuses to write hostile entries). The body
/// calls helpers: f(name, data=b"", **attrs), d(name, **attrs), sym(name, target), hard(name,
/// target), dev(name, kind, major, minor), fifo(name); attrs are TarInfo fields (mode, uid, gid,
/// mtime, pax_headers).
func buildTar(_ path: String, _ body: String) throws {
    let script = """
    import sys, tarfile, io
    t = tarfile.open(sys.argv[1], "w", format=tarfile.PAX_FORMAT)
    def add(info, data=None):
        t.addfile(info, io.BytesIO(data) if data is not None else None)
    def f(name, data=b"", **kw):
        i = tarfile.TarInfo(name); i.size = len(data); i.mode = 0o644; i.mtime = 1600000000
        for k, v in kw.items(): setattr(i, k, v)
        add(i, data)
    def d(name, **kw):
        i = tarfile.TarInfo(name); i.type = tarfile.DIRTYPE; i.mode = 0o755; i.mtime = 1600000000
        for k, v in kw.items(): setattr(i, k, v)
        add(i)
    def sym(name, target, **kw):
        i = tarfile.TarInfo(name); i.type = tarfile.SYMTYPE; i.linkname = target; i.mtime = 1600000000
        for k, v in kw.items(): setattr(i, k, v)
        add(i)
    def hard(name, target):
        i = tarfile.TarInfo(name); i.type = tarfile.LNKTYPE; i.linkname = target; i.mtime = 1600000000
        add(i)
    def dev(name, kind, major, minor, **kw):
        i = tarfile.TarInfo(name); i.type = tarfile.CHRTYPE if kind == "c" else tarfile.BLKTYPE
        i.devmajor = major; i.devminor = minor; i.mode = 0o600; i.mtime = 1600000000
        for k, v in kw.items(): setattr(i, k, v)
        add(i)
    def fifo(name, **kw):
        i = tarfile.TarInfo(name); i.type = tarfile.FIFOTYPE; i.mode = 0o644; i.mtime = 1600000000
        for k, v in kw.items(): setattr(i, k, v)
        add(i)
    \(body)
    t.close()
    """
    try runChecked("python3", ["-c", script, path])
}

func sha256sum(_ path: String) throws -> String {
    let out = try runChecked("sha256sum", [path])
    return "sha256:" + (out.split(separator: " ").first.map(String.init) ?? "")
}

func lstatOf(_ path: String) -> stat? {
    var st = stat()
    return lstat(path, &st) == 0 ? st : nil
}

func readText(_ path: String) -> String? {
    (try? FileIO.read(path)).map { String(decoding: $0, as: UTF8.self) }
}

/// The error's text, or "no error".
func errorText(_ body: () throws -> Void) -> String {
    do { try body() } catch { return "\(error)" }
    return "no error"
}

let isRoot = geteuid() == 0

/// The repository root, found from this file's location.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()
