/// `berth inspect NAME|ID...`: tries containers, images, networks, volumes in turn (as docker does)
/// unless `--type` picks one.
public enum InspectCommand {
    public static let spec = CommandSpec(
        path: ["inspect"], usage: "inspect [OPTIONS] NAME|ID [NAME|ID...]",
        summary: "Return low-level information on Docker objects",
        flags: [
            FlagSpec.jsonOrTemplateFormat,
            FlagSpec("size", short: "s", help: "Display total file sizes if the type is container"),
            FlagSpec("type", .string, help: "Only inspect objects of the given type"),
        ],
        arguments: .atLeast(1), run: run)

    static let kinds = ["container", "image", "network", "volume"]

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let type = ctx.arguments.string("type")
        if let type, !type.isEmpty, !kinds.contains(type) {
            throw CLIError.message("\"\(type)\" is not a valid value for --type", status: 1)
        }
        let client = try ctx.client()
        let size = ctx.arguments.bool("size")
        let wanted = (type?.isEmpty ?? true) ? kinds : [type ?? ""]
        return try Inspector.run(ctx, names: ctx.positional, format: ctx.arguments.string("format"),
                                 notFound: { name, message in
                                     // With --type docker reports the daemon's own message.
                                     wanted.count == 1 ? "Error response from daemon: \(message)" : "Error: No such object: \(name)"
                                 }) { name in
            let escaped = URLQuery.escapePath(name)
            var last = Inspector.Found.missing(daemonMessage: "No such object: \(name)")
            for kind in wanted {
                let found: Inspector.Found
                switch kind {
                case "container":
                    var q = URLQuery()
                    if size { q.add("size", "1") }
                    found = try Inspector.fetch(client, "/containers/\(escaped)/json", query: q)
                case "image": found = try Inspector.fetch(client, "/images/\(escaped)/json")
                case "network": found = try Inspector.fetch(client, "/networks/\(escaped)")
                // Re-marshalled in docker's struct order, like `volume inspect`.
                default: found = try VolumeDocument.fetch(client, name)
                }
                if case .object = found { return found }
                last = found
            }
            return last
        }
    }
}
