/// `berth start`: POST /containers/{id}/start for each; with -a/-i (one container) it inspects,
/// attaches, arms `wait?condition=next-exit`, starts, copies the streams and exits with the status.
public enum ContainerStartCommand {
    public static let spec = CommandSpec(
        path: ["container", "start"], aliases: [["start"]], usage: "container start [OPTIONS] CONTAINER [CONTAINER...]",
        summary: "Start one or more stopped containers",
        flags: [
            FlagSpec("attach", short: "a", help: "Attach STDOUT/STDERR and forward signals"),
            FlagSpec("checkpoint", .string, help: "Restore from this checkpoint"),
            FlagSpec("checkpoint-dir", .string, help: "Use a custom checkpoint storage directory"),
            FlagSpec("detach-keys", .string, help: "Override the key sequence for detaching a container"),
            FlagSpec("interactive", short: "i", help: "Attach container's STDIN"),
        ],
        arguments: .atLeast(1), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let a = ctx.arguments
        let client = try ctx.client()
        var startQuery = URLQuery()
        if let c = a.string("checkpoint"), !c.isEmpty { startQuery.add("checkpoint", c) }
        if let d = a.string("checkpoint-dir"), !d.isEmpty { startQuery.add("checkpoint-dir", d) }
        guard a.bool("attach") || a.bool("interactive") else {
            var failed: [String] = []
            for name in ctx.positional {
                do {
                    try ContainerBatch.post(client, ContainerBatch.path(name, "/start"), query: startQuery)
                    ctx.stdout.write(name + "\n")
                } catch let e as EngineAPIError {
                    ctx.stderr.write(e.description + "\n")
                    failed.append(name)
                }
            }
            guard failed.isEmpty else {
                throw CLIError.message("Error: failed to start containers: \(failed.joined(separator: ", "))", status: 1)
            }
            return 0
        }
        guard ctx.positional.count == 1 else {
            throw CLIError.message("Error: you cannot start and attach multiple containers at once", status: 1)
        }
        let name = ctx.positional[0]
        let info = try client.json("GET", ContainerBatch.path(name, "/json"))
        let id = info["Id"]?.string ?? name
        let tty = info["Config"]?["Tty"]?.bool ?? false
        let stdin = a.bool("interactive") && (info["Config"]?["OpenStdin"]?.bool ?? false)
        let keys = a.string("detach-keys")
        let conn = try AttachSession.attach(client, id: id, stdin: stdin, stdout: true, stderr: true, detachKeys: keys)
        let waiter = try ContainerRunner.wait(client, id, condition: "next-exit")
        let session = AttachSession(tty: tty, stdin: stdin, detachKeys: keys, sigProxy: true, target: ContainerBatch.path(id))
        let detached = try session.pump(ctx, conn) {
            do { try ContainerBatch.post(client, ContainerBatch.path(id, "/start"), query: startQuery) } catch let e as EngineAPIError {
                conn.close()
                throw CLIError.message(e.description, status: 1)
            }
        }
        if detached { waiter.close(); return 0 }
        return try ContainerRunner.exitStatus(waiter)
    }
}
