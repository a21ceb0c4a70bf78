import BerthCore
import BerthEngineAPI

/// `berth exec`: inspect the container, POST /containers/{id}/exec, then POST /exec/{id}/start
/// (hijacked; plain with -d), copy the streams, and exit with GET /exec/{id}/json's ExitCode.
public enum ContainerExecCommand {
    public static let spec = CommandSpec(
        path: ["container", "exec"], aliases: [["exec"]], usage: "container exec [OPTIONS] CONTAINER COMMAND [ARG...]",
        summary: "Execute a command in a running container",
        flags: [
            FlagSpec("detach", short: "d", help: "Detached mode: run command in the background"),
            FlagSpec("detach-keys", .string, help: "Override the key sequence for detaching a container"),
            FlagSpec("env", short: "e", .list, help: "Set environment variables"),
            FlagSpec("env-file", .list, help: "Read in a file of environment variables"),
            FlagSpec("interactive", short: "i", help: "Keep STDIN open even if not attached"),
            FlagSpec("privileged", help: "Give extended privileges to the command"),
            FlagSpec("tty", short: "t", help: "Allocate a pseudo-TTY"),
            FlagSpec("user", short: "u", .string, help: "Username or UID (format: \"<name|uid>[:<group|gid>]\")"),
            FlagSpec("workdir", short: "w", .string, help: "Working directory inside the container"),
        ],
        arguments: .atLeast(2), interspersed: false, run: run)

    /// The exec create body docker sends for these flags.
    public static func config(_ a: ParsedArguments, consoleSize: (Int, Int)?) throws -> ExecConfig {
        var c = ExecConfig()
        c.user = a.string("user") ?? ""
        c.privileged = a.bool("privileged")
        c.tty = a.bool("tty")
        c.attachStdin = a.bool("interactive")
        c.detach = a.bool("detach")
        c.attachStdout = !c.detach
        c.attachStderr = !c.detach
        if c.detach { c.attachStdin = false }
        c.detachKeys = a.string("detach-keys") ?? ""
        var env: [String] = []
        for file in a.list("env-file") { env += try KeyValueFile.read(file, env: true) }
        env += a.list("env").map(KeyValueFile.expandEnv)
        c.env = env.isEmpty ? nil : env
        c.workingDir = a.string("workdir") ?? ""
        c.cmd = Array(a.positional.dropFirst())
        if c.tty, let (h, w) = consoleSize { c.consoleSize = [UInt(h), UInt(w)] }
        return c
    }

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let a = ctx.arguments
        let client = try ctx.client()
        let name = ctx.positional[0]
        if let keys = a.string("detach-keys"), !keys.isEmpty { _ = try DetachKeys.parse(keys) }
        let size = TerminalState.size().map { ($0.height, $0.width) }
        var cfg = try config(a, consoleSize: a.bool("tty") ? (size ?? (24, 80)) : nil)
        if cfg.tty && cfg.attachStdin && !TerminalState.isTerminal(0) {
            throw CLIError.message("the input device is not a TTY", status: 1)
        }
        if EngineClient.compareVersions(client.apiVersion, "1.42") < 0 { cfg.consoleSize = nil }
        _ = try client.json("GET", ContainerBatch.path(name, "/json"))
        let created = try client.json("POST", ContainerBatch.path(name, "/exec"), body: .json(try EngineJSON.encode(cfg)))
        guard let execID = created["Id"]?.string else { throw CLIError.message("exec ID empty", status: 1) }
        var start = ExecStartConfig(detach: cfg.detach, tty: cfg.tty)
        if EngineClient.compareVersions(client.apiVersion, "1.42") >= 0 { start.consoleSize = cfg.consoleSize }
        let body = RequestBody.json(try EngineJSON.encode(start))
        if cfg.detach {
            let r = try client.request("POST", "/exec/\(execID)/start", body: body)
            _ = try? r.readAll()
            r.close()
            return 0
        }
        let conn = try client.hijack("POST", "/exec/\(execID)/start", body: body)
        var session = AttachSession(tty: cfg.tty, stdin: cfg.attachStdin, detachKeys: cfg.detachKeys, sigProxy: false, target: "/exec/\(execID)")
        session.isExec = true
        if try session.pump(ctx, conn) { return 0 }
        let inspect = try client.json("GET", "/exec/\(execID)/json")
        return Int32(truncatingIfNeeded: inspect["ExitCode"]?.int64 ?? 0)
    }
}
