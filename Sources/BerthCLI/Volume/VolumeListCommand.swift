import BerthCore

/// `berth volume ls`: GET /volumes[?filters=…], sorted by name the way docker sorts (naturally),
/// printed through the volume formatter context.
public enum VolumeListCommand {
    public static let spec = CommandSpec(
        path: ["volume", "ls"], aliases: [["volume", "list"]], usage: "volume ls [OPTIONS]", summary: "List volumes",
        flags: [
            // docker shows --cluster only against a swarm manager; berth never is one.
            FlagSpec("cluster", hidden: true, help: "Display only cluster volumes, and use cluster volume list formatting"),
            FlagSpec("filter", short: "f", .list, valueName: "filter", help: "Provide filter values (e.g. \"dangling=true\")"),
            FlagSpec.format(),
            FlagSpec("quiet", short: "q", help: "Only display volume names"),
        ],
        run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let a = ctx.arguments
        let filters = try FilterOptions(parsing: a.list("filter"))
        let quiet = a.bool("quiet"), cluster = a.bool("cluster")
        var query = URLQuery()
        if !filters.isEmpty { query.add("filters", filters.json) }
        var volumes = try ctx.client().json("GET", "/volumes", query: query)["Volumes"]?.array ?? []
        var format = a.string("format") ?? ""
        if cluster {
            // As docker does: only volumes with cluster data, in the cluster table.
            volumes = volumes.filter { ($0["ClusterVolume"] ?? .null) != .null }
            format = quiet ? "table" : VolumeContext.clusterTableFormat
        } else if format.isEmpty {
            let configured = quiet ? nil : DockerConfigFile.load(ctx).members["volumesFormat"]?.string
            format = configured.flatMap { $0.isEmpty ? nil : $0 } ?? "table"
        }
        volumes.sort { NaturalOrder.less($0["Name"]?.string ?? "", $1["Name"]?.string ?? "") }
        var formatter = FormatContext(format: VolumeContext.format(format, quiet: quiet),
                                      defaultTableFormat: VolumeContext.defaultTableFormat, headers: VolumeContext.headers)
        formatter.headerMethods = ContainerContext.headerMethods
        ctx.stdout.write(try formatter.render(volumes.map(VolumeContext.make)))
        return 0
    }
}
