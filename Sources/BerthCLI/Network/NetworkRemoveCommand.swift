/// `berth network rm NETWORK...`: for each, GET /networks/{name} (docker looks for the swarm
/// ingress network to confirm its removal) then DELETE /networks/{name}, printing each removed
/// name; failures go to stderr as they happen and the command ends with status 1.
public enum NetworkRemoveCommand {
    public static let spec = CommandSpec(
        path: ["network", "rm"], aliases: [["network", "remove"]], usage: "network rm NETWORK [NETWORK...]",
        summary: "Remove one or more networks",
        flags: [FlagSpec("force", short: "f", help: "Do not error if the network does not exist")],
        arguments: .atLeast(1), run: run)

    public static let ingressWarning = "WARNING! Before removing the routing-mesh network, make sure all the nodes in your swarm run the same docker engine version. Otherwise, removal may not be effective and functionality of newly create ingress networks will be impaired.\nAre you sure you want to continue?"

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let client = try ctx.client()
        let force = ctx.arguments.bool("force")
        var failed = false
        for name in ctx.positional {
            let path = "/networks/\(URLQuery.escapePath(name))"
            // docker ignores a failed lookup here: the DELETE reports the real error.
            if let found = try? client.json("GET", path), found["Ingress"]?.bool == true,
               !Confirmation.ask(ctx, ingressWarning) {
                continue
            }
            do {
                let r = try client.request("DELETE", path)
                _ = try? r.readAll()
                r.close()
            } catch let e as EngineAPIError {
                if force && e.isNotFound { continue }
                ctx.stderr.write(e.description + "\n")
                failed = true
                continue
            }
            ctx.stdout.write(name + "\n")
        }
        // docker's StatusError without a message: status 1, nothing more printed.
        return failed ? 1 : 0
    }
}
