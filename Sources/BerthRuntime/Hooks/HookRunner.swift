import BerthCore
import BerthLinux
import BerthOCI
import CBerthLinux
import Glibc

/// Runs OCI hooks: `path` executed with `args` (args[0] is argv[0]) and `env`, the container state
/// JSON on stdin, killed when `timeout` seconds pass. Failure handling belongs to the caller,
/// because it differs per hook kind (runtime.md).
public enum HookRunner {
    public static func run(_ hooks: [Hook], kind: String, state: State) throws {
        guard !hooks.isEmpty else { return }
        let input = try JSONCoding.encode(state)
        for (i, hook) in hooks.enumerated() {
            try run(hook, input: input, label: "\(kind) hook #\(i) (\(hook.path))")
        }
    }

    static func run(_ hook: Hook, input: [UInt8], label: String) throws {
        let stdin = try Pipes.pipe()
        let pid = berth_clone(0)
        if pid < 0 { throw BerthError.sys("fork \(label)") }
        if pid == 0 {
            dup2(stdin.read, 0)
            _ = berth_reset_signal_handlers()
            let args = (hook.args?.isEmpty ?? true) ? [hook.path] : (hook.args ?? [])
            _ = Executable.exec(path: hook.path, args: args, env: hook.env ?? [])
            _exit(127)
        }
        close(stdin.read)
        // A hook that does not read its stdin must not block us: ignore EPIPE and a full pipe.
        _ = berth_set_nonblock(stdin.write, 1)
        signal(SIGPIPE, SIG_IGN)
        _ = input.withUnsafeBytes { Glibc.write(stdin.write, $0.baseAddress, $0.count) }
        close(stdin.write)

        let status = try waitWithTimeout(pid: pid, seconds: hook.timeout, label: label)
        let code = berth_exit_code(status)
        if code != 0 {
            throw BerthError(.system, "\(label) failed", cause: code > 128 ? "killed by signal \(code - 128)" : "exit status \(code)")
        }
    }

    static func waitWithTimeout(pid: Int32, seconds: Int?, label: String) throws -> Int32 {
        var status: Int32 = 0
        guard let seconds, seconds > 0 else {
            _ = berth_wait_status(pid, 0, &status)
            return status
        }
        let pidfd = berth_pidfd_open(pid)
        if pidfd >= 0 {
            defer { close(pidfd) }
            var pfd = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
            let r = retryEINTR { poll(&pfd, 1, Int32(seconds * 1000)) }
            if r == 0 {
                kill(pid, SIGKILL)
                _ = berth_wait_status(pid, 0, &status)
                throw BerthError(.timeout, "\(label) timed out after \(seconds)s")
            }
            _ = berth_wait_status(pid, 0, &status)
            return status
        }
        // No pidfd (old kernel): poll waitpid.
        var waited = 0
        while berth_wait_status(pid, WNOHANG, &status) == 0 {
            if waited >= seconds * 1000 {
                kill(pid, SIGKILL)
                _ = berth_wait_status(pid, 0, &status)
                throw BerthError(.timeout, "\(label) timed out after \(seconds)s")
            }
            usleep(1000)
            waited += 1
        }
        return status
    }
}
