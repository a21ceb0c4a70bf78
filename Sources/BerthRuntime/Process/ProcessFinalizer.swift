import BerthCore
import BerthLinux
import BerthOCI
import BerthSeccomp
import CBerthLinux
import Glibc

/// The last steps before execve, shared by the container init and `exec` processes: rlimits, user,
/// capabilities, no_new_privs, seccomp, umask, fd hygiene. Runs in the child and never returns.
struct ProcessFinalizer {
    let process: Process
    let executable: String
    let seccomp: SeccompFilter?
    let seccompListener: Int32
    let preserveFds: Int
    let stateForAgent: () -> State
    var memoryPolicy: MemoryPolicy? = nil
    var listenerMetadata: String? = nil

    func execute() throws -> Never {
        // Before seccomp: a strict profile may not allow the passwd read.
        let env = Self.environment(process)
        try Credentials.applyRlimits(process.rlimits ?? [])
        try ProcessAttributes.applyIOPriority(process.ioPriority)
        try ProcessAttributes.applyScheduler(process.scheduler)
        try ProcessAttributes.applyMemoryPolicy(memoryPolicy)
        try ProcessAttributes.applyAffinity(process.execCPUAffinity?.final, field: "process.execCPUAffinity.final")
        let caps = CapabilitySet(process.capabilities)
        let nnp = process.noNewPrivileges == true
        // Without no_new_privs, loading a filter needs CAP_SYS_ADMIN, so it goes in before the
        // capabilities drop (runc's order); with it, it is the very last step before execve.
        if let seccomp, !nnp { try loadSeccomp(seccomp) }
        try caps.dropBounding()
        try Credentials.switchUser(process.user)
        try caps.applyProcessSets()
        if nnp {
            guard berth_prctl(Prctl.setNoNewPrivs, 1, 0, 0, 0) == 0 else { throw BerthError.sys("prctl no_new_privs") }
        }
        umask(mode_t(process.user.umask ?? 0o022))
        // Everything beyond stdio and the preserved fds closes at exec: no host fd leaks in.
        _ = berth_close_range_cloexec(UInt32(3 + preserveFds))
        for fd in 3..<(3 + Int32(preserveFds)) { _ = berth_set_cloexec(fd, 0) }
        _ = berth_reset_signal_handlers()
        if let seccomp, nnp { try loadSeccomp(seccomp) }
        let args = process.args ?? []
        let err = Executable.exec(path: executable, args: args, env: env)
        throw BerthError(.system, "exec \(executable)", cause: errnoText(err))
    }

    /// The process env, with HOME from the container's /etc/passwd when the config leaves it out
    /// ("/" for a uid without an entry), as runc does.
    static func environment(_ process: Process) -> [String] {
        var env = process.env ?? []
        guard !env.contains(where: { $0.hasPrefix("HOME=") }) else { return env }
        var home = "/"
        if let text = try? FileIO.readString("/etc/passwd") {
            for line in text.split(separator: "\n") {
                let f = line.split(separator: ":", omittingEmptySubsequences: false)
                if f.count >= 6, UInt32(f[2]) == process.user.uid {
                    home = f[5].isEmpty ? "/" : String(f[5])
                    break
                }
            }
        }
        env.append("HOME=" + home)
        return env
    }

    func loadSeccomp(_ filter: SeccompFilter) throws {
        let notifyFd = try filter.load()
        guard let notifyFd else { return }
        let state = ContainerProcessState(ociVersion: Spec.version, fds: ["seccompFd"], pid: stateForAgent().pid ?? 0,
                                          metadata: listenerMetadata, state: stateForAgent())
        let payload = try JSONCoding.encode(state)
        guard seccompListener >= 0 else { throw BerthError(.invalidConfig, "linux.seccomp.listenerPath: no listener connected") }
        let r = payload.withUnsafeBytes { berth_send_fd(seccompListener, notifyFd, $0.baseAddress, $0.count) }
        guard r >= 0 else { throw BerthError.sys("send seccomp notify fd to listener") }
        close(notifyFd)
        close(seccompListener)
    }
}
