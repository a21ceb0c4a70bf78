import BerthOCI
import Foundation
import Glibc
import Testing

// Helpers for the lifecycle, CLI, cgroup, bad-input and differential suites. They only observe:
// runtime output, exit codes, and files on the host (/proc, /sys/fs/cgroup, bind-mounted dirs).

extension RuntimeCLI {
    /// Runs a verb whose container inherits the runtime's stdio (`create`, `run -d`). Shell.run reads its
    /// pipes to EOF, which a container holding them would delay until it exits; here stdio goes to files
    /// instead (appended, so the container's own output lands there too). The result carries the files'
    /// contents at the moment the runtime returned.
    @discardableResult
    func tcDetached(_ args: [String], stdout: String, stderr: String, timeout: TimeInterval = 60) throws -> Shell.Result {
        let script = "out=$1; err=$2; shift 2; \(TCShell.closeInheritedFds) exec \"$@\" </dev/null >>\"$out\" 2>>\"$err\""
        let r = try Shell.run([TCShell.bash, "-c", script, "sh", stdout, stderr, binary, "--root", root] + args, timeout: timeout)
        return Shell.Result(status: r.status, stdout: TCFiles.read(stdout) ?? "", stderr: TCFiles.read(stderr) ?? "")
    }

    /// `create` with the container's stdout/stderr in `<bundle>/<id>.out` and `<bundle>/<id>.err`.
    @discardableResult
    func tcCreate(_ bundle: TestBundle, id: String, extra: [String] = []) throws -> Shell.Result {
        try tcDetached(["create", "--bundle", bundle.dir] + extra + [id], stdout: bundle.tcOutPath(id), stderr: bundle.tcErrPath(id))
    }

    /// `run -d`, output as for `create`.
    @discardableResult
    func tcRunDetached(_ bundle: TestBundle, id: String, extra: [String] = []) throws -> Shell.Result {
        try tcDetached(["run", "-d", "--bundle", bundle.dir] + extra + [id], stdout: bundle.tcOutPath(id), stderr: bundle.tcErrPath(id))
    }

    /// The parsed `state` document, or nil when `state` fails.
    func tcState(_ id: String) -> [String: Any]? {
        guard let r = try? call(["state", id]), r.status == 0 else { return nil }
        return TCJSON.object(r.stdout)
    }

    func tcStatus(_ id: String) -> String? { tcState(id)?["status"] as? String }

    func tcPid(_ id: String) -> Int32? { (tcState(id)?["pid"] as? NSNumber)?.int32Value }

    /// `linux.resources` of the config the runtime saved for `id` (config.json or state.json in its state
    /// directory, whichever holds it): what `update` must keep in step with the cgroup.
    func tcSavedResources(_ id: String) -> [String: Any]? {
        func find(_ doc: Any?) -> [String: Any]? {
            guard let dict = doc as? [String: Any] else { return nil }
            if let linux = dict["linux"] as? [String: Any], let r = linux["resources"] as? [String: Any] { return r }
            for value in dict.values { if let r = find(value) { return r } }
            return nil
        }
        for name in ["config.json", "state.json"] {
            if let r = find(TCJSON.object(TCFiles.read(tcStateDir(id) + "/" + name) ?? "")) { return r }
        }
        return nil
    }

    /// The runtime's private state directory for `id`.
    func tcStateDir(_ id: String) -> String { root + "/" + id }
}

extension TestBundle {
    func tcOutPath(_ id: String) -> String { dir + "/\(id).out" }
    func tcErrPath(_ id: String) -> String { dir + "/\(id).err" }
    func tcOutput(_ id: String) -> String { TCFiles.read(tcOutPath(id)) ?? "" }

    /// Rewrites config.json as raw JSON (for inputs the typed Spec cannot express: wrong types, unknown enums).
    func tcEditRawConfig(_ edit: (inout [String: Any]) -> Void) throws {
        let path = dir + "/config.json"
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TestFailure("config.json is not an object")
        }
        edit(&object)
        let out = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try out.write(to: URL(fileURLWithPath: path))
    }

    func tcWriteRawConfig(_ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/config.json"))
    }

    /// Adds a read-write bind mount of `host` at `destination`.
    static func tcBind(_ host: String, at destination: String) -> Mount {
        Mount(destination: destination, type: "bind", source: host, options: ["rbind", "rw"])
    }
}

/// A host directory removed on deinit (bind-mounted into containers as a side channel).
final class TCTempDir {
    let path: String
    init(_ prefix: String = "berth-tc") throws {
        path = NSTemporaryDirectory() + TestEnv.uniqueName(prefix)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        chmod(path, 0o777)
    }
    func file(_ name: String) -> String { path + "/" + name }
    deinit { _ = try? Shell.run(["/bin/rm", "-rf", path]) }
}

enum TCShell {
    static let bash = "/bin/bash"

    /// A bash prologue closing every fd above 2. Foundation.Process hands each child a socket whose EOF
    /// tells it the child exited; a created container's init that inherits it (or another test's pipe)
    /// would make Shell.run wait until that container dies. See /tmp/berth-bugs/tests-c.md (bug 2).
    static let closeInheritedFds =
        "for f in /proc/$$/fd/*; do n=${f##*/}; if [ \"$n\" -gt 2 ] 2>/dev/null; then eval \"exec $n>&-\" 2>/dev/null; fi; done;"

    /// Runs `script` with bash after closing inherited fds; `args` are $1... Output goes through pipes,
    /// so anything long-lived the script starts must redirect its own stdio.
    static func run(_ script: String, _ args: [String], timeout: TimeInterval = 120) throws -> Shell.Result {
        try Shell.run([bash, "-c", closeInheritedFds + "\n" + script, "sh"] + args, timeout: timeout)
    }
}

enum TCFiles {
    static func read(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The first line of a file without surrounding whitespace (cgroup files, /proc values).
    static func value(_ path: String) -> String? {
        read(path)?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}

enum TCJSON {
    static func any(_ text: String) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }
    static func object(_ text: String) -> [String: Any]? { any(text) as? [String: Any] }
}

enum TCHost {
    /// True while `pid` exists and is not a zombie.
    static func alive(_ pid: Int32) -> Bool {
        guard pid > 0, Glibc.kill(pid, 0) == 0 else { return false }
        guard let stat = TCFiles.read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(close, offsetBy: 2)...].first
        return state != "Z" && state != "X"
    }

    static func cmdline(_ pid: Int32) -> [String] {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return [] }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Polls `condition` every 50 ms until it holds or `timeout` passes.
    @discardableResult
    static func waitUntil(timeout: TimeInterval = 10, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            usleep(50_000)
        }
        return try condition()
    }

    /// The number of lines in this process's mount table.
    static func mountCount() -> Int {
        (TCFiles.read("/proc/self/mountinfo") ?? "").split(separator: "\n").count
    }

    /// The lines of this process's mount table (the runtime inherits our mount namespace).
    static func mountLines() -> Set<String> {
        Set((TCFiles.read("/proc/self/mountinfo") ?? "").split(separator: "\n").map { line in
            // Drop the mount id and parent id: they are the only fields that can change for an unchanged mount.
            String(line.split(separator: " ", maxSplits: 2).last ?? "")
        })
    }
}

enum TCCgroup {
    static let root = "/sys/fs/cgroup"

    /// `/sys/fs/cgroup/<controller><path>`.
    static func dir(_ controller: String, _ path: String) -> String { root + "/" + controller + path }

    /// This process's cgroup in a v1 hierarchy ("" for unified), from /proc/self/cgroup.
    static func own(_ controller: String) -> String? {
        for line in (TCFiles.read("/proc/self/cgroup") ?? "").split(separator: "\n") {
            let f = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard f.count == 3 else { continue }
            if f[1].split(separator: ",").contains(Substring(controller)) || (controller.isEmpty && f[1].isEmpty) {
                return String(f[2])
            }
        }
        return nil
    }

    static var hybridUnified: Bool { TCFiles.exists(root + "/unified/cgroup.controllers") }
}
