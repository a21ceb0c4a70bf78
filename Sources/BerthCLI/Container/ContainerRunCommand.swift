/// `berth run`: create, then (unless -d) attach, wait and start in docker 28's order — attach first so
/// no output is lost, wait (`next-exit`, or `removed` with --rm) armed before start — then copy the
/// streams and exit with the container's status.
public enum ContainerRunCommand {
    public static let spec = CommandSpec(
        path: ["container", "run"], aliases: [["run"]],
        usage: "container run [OPTIONS] IMAGE [COMMAND] [ARG...]", summary: "Create and run a new container from an image",
        flags: (ContainerCreateFlags.all + ContainerCreateFlags.runOnly + [ContainerCreateFlags.help]).sorted { $0.long < $1.long }, arguments: .atLeast(1), interspersed: false, run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let a = ctx.arguments
        let detach = a.bool("detach")
        let opts: ContainerCreateOptions
        do {
            opts = try ContainerCreateOptions(a, detach: detach, usage: ctx.commandName + ctx.spec.usageSuffix, command: ctx.commandName)
        } catch let e as CLIError {
            // Flag syntax errors keep pflag's format; everything else reads `berth: …` like docker run.
            if case .flag = e { throw e }
            throw ContainerRunner.statusError(e, command: "run")
        }
        let config = opts.request.config
        let detachKeys = a.string("detach-keys")
        if let detachKeys, !detachKeys.isEmpty { _ = try DetachKeys.parse(detachKeys) }
        if !detach && config.tty && config.attachStdin && !TerminalState.isTerminal(0) {
            throw CLIError.message("the input device is not a TTY", status: 1)
        }
        var request = opts
        if config.tty, let size = TerminalState.size() {
            request.request.hostConfig?.consoleSize = [UInt(size.height), UInt(size.width)]
        }
        let id: String
        do {
            try ContainerCIDFile.checkAbsent(opts.cidfile)
            id = try ContainerRunner.create(ctx, request)
            try ContainerCIDFile.write(opts.cidfile, id)
        } catch {
            throw ContainerRunner.statusError(error, command: "run")
        }
        let client = try ctx.client()
        if detach {
            // docker 28 arms a next-exit wait even when detached and drops it once the start succeeded.
            do {
                let waiter = try ContainerRunner.wait(client, id, condition: "next-exit")
                defer { waiter.close() }
                try ContainerRunner.start(client, id)
            } catch {
                throw ContainerRunner.statusError(error, command: "run")
            }
            ctx.stdout.write(id + "\n")
            return 0
        }
        let attachAny = config.attachStdin || config.attachStdout || config.attachStderr
        var conn: HijackedConnection?
        if attachAny {
            do {
                conn = try AttachSession.attach(client, id: id, stdin: config.attachStdin, stdout: config.attachStdout,
                                                stderr: config.attachStderr, detachKeys: detachKeys)
            } catch {
                throw ContainerRunner.statusError(error, command: "run")
            }
        }
        let waiter: HTTPResponse
        do {
            waiter = try ContainerRunner.wait(client, id, condition: opts.autoRemove ? "removed" : "next-exit")
        } catch {
            throw ContainerRunner.statusError(error, command: "run")
        }
        let sigProxy = a.isSet("sig-proxy") ? a.bool("sig-proxy") : true
        let session = AttachSession(tty: config.tty, stdin: config.attachStdin, detachKeys: detachKeys,
                                    sigProxy: sigProxy, target: "/containers/\(URLQuery.escapePath(id))")
        let startIt = {
            do { try ContainerRunner.start(client, id) } catch {
                conn?.close()
                throw ContainerRunner.statusError(error, command: "run")
            }
        }
        guard let conn else {
            try startIt()
            return try ContainerRunner.exitStatus(waiter)
        }
        if try session.pump(ctx, conn, afterSetup: startIt) {
            waiter.close()
            return 0
        }
        return try ContainerRunner.exitStatus(waiter)
    }
}
