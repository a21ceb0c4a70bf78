import BerthCore
import BerthLinux
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// berthd starts berth-supervisor when none answers on its socket, as dockerd starts containerd. The
/// supervisor is spawned (never forked: berthd is threaded) in its own session, so it and its shims
/// outlive berthd.
enum SupervisorLauncher {
    static func ensureRunning(socket: String, log: String) throws {
        if UnixSocketProbe.accepts(socket) { return }
        let binary = sibling("berth-supervisor")
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o640)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // POSIX_SPAWN_SETSID (0x80 in glibc) puts the supervisor in its own session; Swift does not import it.
        posix_spawnattr_setflags(&attributes, Int16(0x80))
        let argv = [binary, "--address", socket]
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        let rc = posix_spawn(&pid, binary, &actions, &attributes, &cArgs, environ)
        guard rc == 0 else { throw BerthError(.system, "start \(binary)", cause: String(cString: strerror(rc))) }
        for _ in 0..<200 {
            if UnixSocketProbe.accepts(socket) { return }
            usleep(25_000)
        }
        throw BerthError(.timeout, "berth-supervisor did not come up on \(socket); see \(log)")
    }

    static func sibling(_ name: String) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if n > 0 {
            let exe = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let candidate = String(exe[..<(exe.lastIndex(of: "/") ?? exe.startIndex)]) + "/" + name
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return "/usr/local/bin/" + name
    }
}
