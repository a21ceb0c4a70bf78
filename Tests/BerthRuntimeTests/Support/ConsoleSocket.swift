import BerthOCI
import CBerthLinux
import Foundation
import Glibc

/// A unix socket the test listens on, for the runtime to connect to and pass an fd over SCM_RIGHTS:
/// a console socket (pty master + terminal name) or a seccomp agent socket (notify fd + state JSON).
/// The path is short (under /tmp) so it fits sun_path.
final class FdReceiver: @unchecked Sendable {
    let dir: String
    let path: String
    let listener: Int32

    init() throws {
        dir = "/tmp/" + TestEnv.uniqueName("bsock")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        path = dir + "/s.sock"
        listener = berth_unix_listen(path, 4)
        guard listener >= 0 else { throw TestFailure("listen on \(path): \(String(cString: strerror(errno)))") }
    }

    struct Received {
        var fd: Int32
        var payload: [UInt8]
        var text: String { String(decoding: payload, as: UTF8.self) }
    }

    /// Accepts one connection and receives one fd with its payload. With `readToEOF`, the rest of the
    /// stream (a payload larger than one recvmsg) is read until the peer closes.
    func receive(timeout: Double = 20, readToEOF: Bool = false) throws -> Received {
        guard FdReceiver.waitReadable(listener, timeout: timeout) else {
            throw TestFailure("nobody connected to \(path) within \(timeout)s")
        }
        let conn = accept(listener, nil, nil)
        guard conn >= 0 else { throw TestFailure("accept on \(path): \(String(cString: strerror(errno)))") }
        defer { close(conn) }
        _ = berth_set_cloexec(conn, 1)
        guard FdReceiver.waitReadable(conn, timeout: timeout) else {
            throw TestFailure("no message on \(path) within \(timeout)s")
        }
        var fd: Int32 = -1
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = buffer.withUnsafeMutableBytes { berth_recv_fd(conn, &fd, $0.baseAddress, $0.count) }
        guard n >= 0 else { throw TestFailure("recvmsg on \(path): \(String(cString: strerror(errno)))") }
        var payload = Array(buffer[0..<n])
        if readToEOF {
            payload += FdReceiver.readAll(conn, timeout: 5)
        }
        return Received(fd: fd, payload: payload)
    }

    deinit {
        close(listener)
        _ = try? FileManager.default.removeItem(atPath: dir)
    }

    static func waitReadable(_ fd: Int32, timeout: Double) -> Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return false }
            let r = poll(&pfd, 1, Int32(min(left, 1) * 1000))
            if r > 0 { return true }
            if r < 0 && errno != EINTR { return false }
        }
    }

    /// Reads until EOF, EIO (a pty master whose slaves are all closed) or the timeout.
    static func readAll(_ fd: Int32, timeout: Double) -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0 {
            guard waitReadable(fd, timeout: deadline.timeIntervalSinceNow) else { break }
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n > 0 { out += buffer[0..<n]; continue }
            if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            break
        }
        return out
    }
}

/// Helpers for driving detached containers. A detached container inherits the stdio of `create`,
/// and `Shell.run` reads its pipes to EOF; Foundation's Process also hands the child one end of a
/// socketpair and reports the child finished only once every copy of it is closed. A container
/// init waiting in `created` holds whatever `create` inherited, so `Shell.run(create)` would not
/// return until the container exits. These helpers send the container's stdio to files and close
/// every inherited fd above 2 (except `keep`) before exec'ing the runtime.
extension RuntimeCLI {
    /// bash prologue closing inherited fds > 2 except those listed in $BERTH_T_KEEP.
    static let closeInherited = """
        for f in /proc/$$/fd/*; do n=${f##*/}; case " $BERTH_T_KEEP " in *" $n "*) continue;; esac; \
        [ "$n" -gt 2 ] 2>/dev/null && eval "exec $n>&-"; done 2>/dev/null
        """

    /// Runs `<runtime> --root R <args…>` with stdin from /dev/null and stdout/stderr appended to the
    /// given files (inherited by a detached container). `setup` is bash run first (e.g. `exec 3<file`;
    /// list such fds in `keep`). Returns the runtime's exit status and what the stderr file holds.
    func detached(_ args: [String], stdout: String, stderr: String, setup: String = "", keep: [Int32] = [],
                  timeout: TimeInterval = 60) throws -> Shell.Result {
        let script = RuntimeCLI.closeInherited + "\n" + setup + "\nexec \"$@\" </dev/null >>\"$BERTH_T_OUT\" 2>>\"$BERTH_T_ERR\""
        var env = ProcessInfo.processInfo.environment
        env["BERTH_T_OUT"] = stdout
        env["BERTH_T_ERR"] = stderr
        env["BERTH_T_KEEP"] = keep.map(String.init).joined(separator: " ")
        let r = try Shell.run(["/bin/bash", "-c", script, "bash", binary, "--root", root] + args, environment: env, timeout: timeout)
        let err = (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? ""
        return Shell.Result(status: r.status, stdout: r.stdout, stderr: err)
    }

    /// `create` of a detached container whose stdio goes to files in the bundle (`out`, `err`).
    func create(_ bundle: TestBundle, id: String, extra: [String] = []) throws -> Shell.Result {
        try detached(["create", "--bundle", bundle.dir] + extra + [id], stdout: bundle.dir + "/out", stderr: bundle.dir + "/err")
    }

    /// The `state` JSON of a container, or nil when the runtime does not know it.
    func state(_ id: String) -> [String: Any]? {
        guard let r = try? call(["state", id]), r.status == 0,
              let obj = try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] else { return nil }
        return obj
    }

    /// Waits until the container's status is `status` (or it is gone, when `status` is nil).
    @discardableResult
    func waitStatus(_ id: String, _ status: String?, timeout: TimeInterval = 20) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let s = state(id)?["status"] as? String
            if s == status { return true }
            usleep(20_000)
        }
        return false
    }
}

/// /proc/self/status fields as the container prints them (`cat /proc/self/status`).
struct ProcStatus {
    var fields: [String: String] = [:]

    init(_ text: String) {
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if fields[key] == nil { fields[key] = value }
        }
    }

    subscript(_ key: String) -> String? { fields[key] }

    func mask(_ key: String) -> UInt64? { fields[key].flatMap { UInt64($0, radix: 16) } }
}

/// Whether the test process (and so the runtime it starts) holds a capability in its effective set.
/// Some sandboxes run "root" without CAP_SYS_RESOURCE, which limits rlimits and oom_score_adj.
func hostHasCapability(_ name: String) -> Bool {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let eff = ProcStatus(text).mask("CapEff") else { return false }
    return eff & capMask([name]) != 0
}

/// A capability mask from names, as /proc/self/status shows it.
func capMask(_ names: [String]) -> UInt64 {
    var mask: UInt64 = 0
    for name in names {
        if let n = CapabilityNames.number(of: name) { mask |= 1 << UInt64(n) }
    }
    return mask
}

/// A small static C program compiled once per test run (gcc -static) and copied into bundles: it
/// makes one raw syscall and prints `ok <ret>` or `errno <n>`, so seccomp tests see exact errnos.
enum SysProbe {
    static let source = #"""
    #define _GNU_SOURCE
    #include <errno.h>
    #include <stdio.h>
    #include <stdlib.h>
    #include <string.h>
    #include <sched.h>
    #include <fcntl.h>
    #include <unistd.h>
    #include <sys/syscall.h>
    static int report(long r) {
        if (r < 0) { printf("errno %d\n", errno); return 1; }
        printf("ok %ld\n", r);
        return 0;
    }
    int main(int argc, char **argv) {
        if (argc < 2) return 2;
        const char *op = argv[1];
        const char *arg = argc > 2 ? argv[2] : "/tmp/sysprobe-dir";
        errno = 0;
        if (!strcmp(op, "keyctl")) return report(syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3 /* session */, 1));
        if (!strcmp(op, "unshare-user")) return report(syscall(SYS_unshare, CLONE_NEWUSER));
        if (!strcmp(op, "personality")) return report(syscall(SYS_personality, strtoul(arg, NULL, 0)));
        if (!strcmp(op, "mkdir")) return report(syscall(SYS_mkdir, arg, 0755));
        if (!strcmp(op, "mkdirat")) return report(syscall(SYS_mkdirat, AT_FDCWD, arg, 0755));
        if (!strcmp(op, "getppid")) return report(syscall(SYS_getppid));
        if (!strcmp(op, "ids")) { printf("%d %d\n", (int)getuid(), (int)geteuid()); return 0; }
        if (!strcmp(op, "getpid")) return report(syscall(SYS_getpid));
        if (!strcmp(op, "uname")) { char buf[512]; return report(syscall(SYS_uname, buf)); }
        return 2;
    }
    """#

    /// Path of the compiled helper on the host (compiled on first use).
    static let dir = "/tmp/" + TestEnv.uniqueName("sysprobe")

    static let binary: Result<String, TestFailure> = {
        atexit { _ = try? FileManager.default.removeItem(atPath: SysProbe.dir) }
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try source.write(toFile: dir + "/sysprobe.c", atomically: true, encoding: .utf8)
            let r = try Shell.run(["/usr/bin/gcc", "-static", "-O1", "-o", dir + "/sysprobe", dir + "/sysprobe.c"])
            guard r.status == 0 else { return .failure(TestFailure("gcc -static sysprobe.c: \(r.stderr)")) }
            return .success(dir + "/sysprobe")
        } catch {
            return .failure(TestFailure("build sysprobe: \(error)"))
        }
    }()

    /// Copies the helper to `/sysprobe` in the bundle's rootfs.
    static func install(into bundle: TestBundle) throws {
        let path = try binary.get()
        let r = try Shell.run(["/bin/cp", path, bundle.rootfs + "/sysprobe"])
        guard r.status == 0 else { throw TestFailure("copy sysprobe: \(r.stderr)") }
    }
}
