import BerthCore

/// `berth attach`: as docker 28 — wait (no condition) first, inspect, refuse stopped or paused
/// containers, then attach stdin (unless --no-stdin or the container has no open stdin), stdout and
/// stderr and exit with the container's status (0 after a detach).
public enum ContainerAttachCommand {
    public static let spec = CommandSpec(
        path: ["container", "attach"], aliases: [["attach"]], usage: "container attach [OPTIONS] CONTAINER",
        summary: "Attach local standard input, output, and error streams to a running container",
        flags: [
            FlagSpec("detach-keys", .string, help: "Override the key sequence for detaching a container"),
            FlagSpec("no-stdin", help: "Do not attach STDIN"),
            FlagSpec("sig-proxy", defaultValue: "true", help: "Proxy all received signals to the process"),
        ],
        arguments: .exactly(1), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let a = ctx.arguments
        let client = try ctx.client()
        let name = ctx.positional[0]
        // docker 28 arms the wait before it inspects, so an exit between the two is not missed.
        let waiter = try ContainerRunner.wait(client, name, condition: nil)
        let info: JSONValue
        do { info = try client.json("GET", ContainerBatch.path(name, "/json")) } catch { waiter.close(); throw error }
        guard info["State"]?["Running"]?.bool == true else {
            waiter.close()
            throw CLIError.message("You cannot attach to a stopped container, start it first", status: 1)
        }
        if info["State"]?["Paused"]?.bool == true {
            waiter.close()
            throw CLIError.message("You cannot attach to a paused container, unpause it first", status: 1)
        }
        if info["State"]?["Restarting"]?.bool == true {
            waiter.close()
            throw CLIError.message("You cannot attach to a restarting container, wait until it is running", status: 1)
        }
        let id = info["Id"]?.string ?? name
        let tty = info["Config"]?["Tty"]?.bool ?? false
        let stdin = !a.bool("no-stdin") && (info["Config"]?["OpenStdin"]?.bool ?? false)
        let keys = a.string("detach-keys")
        if let keys, !keys.isEmpty { _ = try DetachKeys.parse(keys) }
        let conn = try AttachSession.attach(client, id: id, stdin: stdin, stdout: true, stderr: true, detachKeys: keys)
        let sigProxy = a.isSet("sig-proxy") ? a.bool("sig-proxy") : true
        let session = AttachSession(tty: tty, stdin: stdin, detachKeys: keys, sigProxy: sigProxy, target: ContainerBatch.path(id))
        if try session.pump(ctx, conn) { waiter.close(); return 0 }
        return try ContainerRunner.exitStatus(waiter)
    }
}
