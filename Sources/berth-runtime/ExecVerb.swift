import BerthCore
import BerthLinux
import BerthOCI
import BerthRuntime

enum ExecVerb: Verb {
    static let name = "exec"
    static let usage = "[-p process.json | ARGS...] [-t] [--console-socket SOCK] [--cwd DIR] [-e K=V] [-u uid[:gid]] [--cap CAP] [-d] [--pid-file FILE] [--no-new-privs] ID"
    static let flags: [FlagSpec] = [
        .value("process", "p"), .bool("tty", "t"), .value("console-socket"), .value("cwd"), .value("env", "e"),
        .value("user", "u"), .value("additional-gids", "g"), .value("cap", "c"), .bool("detach", "d"),
        .value("pid-file"), .bool("no-new-privs"), .value("preserve-fds"), .value("process-label"),
        .value("apparmor"), .value("cgroup"), .bool("ignore-paused"), .value("pidfd-socket"),
    ]

    static func run(_ ctx: Context, _ args: ParsedArgs) throws -> Int32 {
        let id = try args.requireID(name)
        let process = try buildProcess(ctx, args, id: id)
        let opts = ExecOptions(process: process, consoleSocket: args.string("console-socket"), detach: args.bool("detach"),
                               pidFile: args.string("pid-file"), preserveFds: try args.int("preserve-fds") ?? 0)
        return try ctx.runtime.exec(id: id, opts)
    }

    /// With -p the process comes from the file as is; otherwise the container's own process is the
    /// base, with the command and the flags applied on top (runc's behaviour).
    static func buildProcess(_ ctx: Context, _ args: ParsedArgs, id: String) throws -> Process {
        if let path = args.string("process") {
            let bytes = try FileIO.read(path)
            return try JSONCoding.decode(Process.self, from: bytes, source: path)
        }
        let command = Array(args.positionals.dropFirst())
        guard !command.isEmpty else { throw BerthError(.invalidArgument, "exec: no command given; use ARGS or --process") }
        var process = try ctx.runtime.store.loadConfig(id).process ?? Process()
        process.args = command
        process.terminal = args.bool("tty")
        process.consoleSize = nil
        if let cwd = args.string("cwd") { process.cwd = cwd }
        process.env = (process.env ?? []) + args.strings("env")
        if let user = args.string("user") {
            let parts = user.split(separator: ":", maxSplits: 1)
            guard let uid = UInt32(parts[0]) else { throw BerthError(.invalidArgument, "invalid user \"\(user)\": expected uid[:gid]") }
            process.user.uid = uid
            if parts.count > 1 {
                guard let gid = UInt32(parts[1]) else { throw BerthError(.invalidArgument, "invalid user \"\(user)\": expected uid[:gid]") }
                process.user.gid = gid
            }
        }
        for g in args.strings("additional-gids") {
            guard let gid = UInt32(g) else { throw BerthError(.invalidArgument, "invalid additional gid \"\(g)\"") }
            process.user.additionalGids = (process.user.additionalGids ?? []) + [gid]
        }
        let caps = args.strings("cap")
        if !caps.isEmpty {
            var set = process.capabilities ?? Capabilities()
            for cap in caps {
                guard CapabilityNames.number(of: cap) != nil else { throw BerthError(.invalidArgument, "unknown capability \"\(cap)\"") }
                let name = cap.uppercased().hasPrefix("CAP_") ? cap.uppercased() : "CAP_" + cap.uppercased()
                set.bounding = (set.bounding ?? []) + [name]
                set.effective = (set.effective ?? []) + [name]
                set.permitted = (set.permitted ?? []) + [name]
            }
            process.capabilities = set
        }
        if args.bool("no-new-privs") { process.noNewPrivileges = true }
        if let label = args.string("apparmor") { process.apparmorProfile = label }
        if let label = args.string("process-label") { process.selinuxLabel = label }
        return process
    }
}
