#if canImport(Glibc)
import Glibc
#endif

/// One attached session (run, start -a, attach, exec): the hijacked stream plus what surrounds it on
/// the client — raw terminal mode with a TTY, the initial resize and SIGWINCH resizes, signal
/// proxying, and the stdin copier.
public struct AttachSession {
    public var tty: Bool
    public var stdin: Bool
    public var detachKeys: String?
    public var sigProxy: Bool
    /// `/containers/{id}` or `/exec/{id}`: where resize (and, for containers, kill) requests go.
    public var target: String
    public var isExec = false

    public init(tty: Bool, stdin: Bool, detachKeys: String?, sigProxy: Bool, target: String) {
        self.tty = tty
        self.stdin = stdin
        self.detachKeys = detachKeys
        self.sigProxy = sigProxy
        self.target = target
    }

    /// POST /containers/{id}/attach?stream=1&stdin=…&stdout=…&stderr=…[&detachKeys=…], hijacked.
    public static func attach(_ client: EngineClient, id: String, stdin: Bool, stdout: Bool, stderr: Bool,
                              detachKeys: String?) throws -> HijackedConnection {
        var q = URLQuery()
        if let detachKeys, !detachKeys.isEmpty { q.add("detachKeys", detachKeys) }
        if stderr { q.add("stderr", "1") }
        if stdin { q.add("stdin", "1") }
        if stdout { q.add("stdout", "1") }
        q.add("stream", "1")
        return try client.hijack("POST", "/containers/\(URLQuery.escapePath(id))/attach", query: q)
    }

    /// Copies streams until the daemon closes the connection; true when the user detached.
    /// `afterSetup` runs once the terminal and signals are ready (run starts the container there).
    public func pump(_ ctx: CommandContext, _ conn: HijackedConnection, afterSetup: () throws -> Void = {}) throws -> Bool {
        let client = try ctx.client()
        let terminal = TerminalState()
        let resizePath = target + "/resize"
        let killPath = target + "/kill"
        // Proxying takes every forwardable signal; otherwise INT and TERM are still caught, because
        // docker 28 keeps streaming after them and only gives up at the third one.
        let proxy = sigProxy && !isExec
        var signals = proxy ? SignalProxy.forwardable : [SIGINT, SIGTERM]
        if tty && !signals.contains(SIGWINCH) { signals.append(SIGWINCH) }
        let interactiveTTY = tty
        let errOut = ctx.stderr
        let terminations = SignalCounter()
        try SignalProxy.start(signals) { signal in
            if signal == SIGWINCH && interactiveTTY { ContainerRunner.resize(client, path: resizePath) }
            if proxy {
                let q = URLQuery([("signal", SignalProxy.name(signal))])
                if let r = try? client.request("POST", killPath, query: q) { r.close() }
            } else if signal == SIGINT || signal == SIGTERM, terminations.increment() >= 3 {
                terminal.restore()
                errOut.write("\ngot 3 SIGTERM/SIGINTs, forcefully exiting\n")
                exit(1)
            }
        }
        if tty && stdin { terminal.makeRaw() }
        defer { terminal.restore() }
        try afterSetup()
        if tty { ContainerRunner.resize(client, path: resizePath) }
        let pump = StreamPump(conn, tty: tty, stdout: ctx.stdout, stderr: ctx.stderr)
        let keys = try DetachKeys.parse(detachKeys.flatMap { $0.isEmpty ? nil : $0 } ?? DetachKeys.defaultKeys)
        try pump.startInput(stdin: stdin, detachKeys: keys)
        if let error = try pump.copyOutput() {
            throw CLIError.message(error, status: 1)
        }
        conn.close()
        return pump.detached.isSet
    }
}
