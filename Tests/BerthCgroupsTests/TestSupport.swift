import BerthCgroups
import BerthLinux
import Glibc
import Testing

enum TestSupport {
    static var isRoot: Bool { getuid() == 0 }

    /// A cgroup name no other test run can collide with.
    static func uniqueName(_ label: String) -> String {
        "berthtest-\(getpid())-\(label)-\(UInt32.random(in: 0...UInt32.max))"
    }

    static func tempPath(_ label: String) -> String {
        "/tmp/\(uniqueName(label))"
    }

    /// Spawns `/bin/sh -c script` with posix_spawn (no Foundation.Process: keep the same primitives as the runtime).
    static func spawnShell(_ script: String) throws -> pid_t {
        let args = ["/bin/sh", "-c", script]
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) }
        argv.append(nil)
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ)
        guard rc == 0 else { throw CgroupTestError("posix_spawn /bin/sh failed: \(rc)") }
        return pid
    }

    /// Kills and reaps; returns the wait status.
    @discardableResult
    static func killAndReap(_ pid: pid_t) -> Int32 {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }

    static func waitExit(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }

    static func waitForFile(_ path: String, timeoutMs: Int = 10000) -> Bool {
        var waited = 0
        while !FileIO.exists(path) {
            if waited >= timeoutMs { return false }
            usleep(20_000)
            waited += 20
        }
        return true
    }

    static func read(_ dir: String, _ file: String) -> String {
        FileIO.readTrimmed(dir + "/" + file) ?? "<unreadable>"
    }

    static func touch(_ path: String) throws {
        try FileIO.write(path, "")
    }

    /// A script that waits for `go` to exist (so it can be moved into a cgroup first), then runs `body`.
    static func gated(_ go: String, _ body: String) -> String {
        "while [ ! -e \(go) ]; do sleep 0.02; done; \(body)"
    }
}

struct CgroupTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
