import BerthCore

/// `berth network disconnect NETWORK CONTAINER`: POST /networks/{network}/disconnect with
/// `{"Container":…,"Force":…}`.
public enum NetworkDisconnectCommand {
    public static let spec = CommandSpec(
        path: ["network", "disconnect"], usage: "network disconnect [OPTIONS] NETWORK CONTAINER",
        summary: "Disconnect a container from a network",
        flags: [FlagSpec("force", short: "f", help: "Force the container to disconnect from a network")],
        arguments: .exactly(2), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let network = ctx.positional[0], container = ctx.positional[1]
        let body = TemplateValue.record(TemplateRecord(typeName: "network.DisconnectOptions", fields: [
            ("Container", .string(container)),
            ("Force", .bool(ctx.arguments.bool("force"))),
        ]))
        let r = try ctx.client().request("POST", "/networks/\(URLQuery.escapePath(network))/disconnect", body: .json(body))
        _ = try? r.readAll()
        r.close()
        return 0
    }
}
