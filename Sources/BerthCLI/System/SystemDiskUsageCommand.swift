import BerthCore

/// `berth system df [-v] [--format]`: GET /system/df.
public enum SystemDiskUsageCommand {
    public static let spec = CommandSpec(
        path: ["system", "df"], usage: "system df [OPTIONS]", summary: "Show \(CLIName.value) disk usage",
        flags: [FlagSpec.format(), FlagSpec("verbose", short: "v", help: "Show detailed information on space usage")],
        run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let df = try ctx.client().json("GET", "/system/df")
        let format = ctx.arguments.string("format") ?? ""
        if ctx.arguments.bool("verbose") {
            ctx.stdout.write(try verbose(df, now: LocalTime.now().seconds))
            return 0
        }
        ctx.stdout.write(try render(df, format: format))
        return 0
    }

    public static func render(_ df: JSONValue, format: String) throws -> String {
        var f = format.isEmpty ? "table" : format
        if f == "raw" { f = DiskUsageContext.rawFormat }
        let formatter = FormatContext(format: f, defaultTableFormat: DiskUsageContext.defaultTableFormat, headers: DiskUsageContext.headers)
        return try formatter.render(DiskUsageContext.rows(df))
    }

    /// The four `-v` sections with their own tables.
    public static func verbose(_ df: JSONValue, now: Int64) throws -> String {
        var out = "Images space usage:\n\n"
        let imageFormat = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}"
        var images: [TemplateValue] = []
        for img in df["Images"]?.array ?? [] {
            var repo = "<none>", tag = "<none>"
            if let first = img["RepoTags"]?.array?.first?.string, first != "<none>:<none>", let (r, t) = ImageContext.splitTag(first) {
                repo = ImageContext.familiar(r)
                tag = t
            }
            images.append(ImageContext.make(img, repo: repo, tag: tag, digest: "", truncate: true, now: now))
        }
        var headers = ImageContext.headers
        headers["Containers"] = "CONTAINERS"
        out += try FormatContext(format: imageFormat, defaultTableFormat: imageFormat, headers: headers).render(images)

        out += "\nContainers space usage:\n\n"
        let containerFormat = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}"
        let containers = (df["Containers"]?.array ?? []).map { c -> TemplateValue in
            var copy = c
            if case .object(var o) = copy { o["SizeRootFs"] = .number("0"); copy = .object(o) }
            return ContainerContext.make(copy, truncate: true, now: now)
        }
        var cf = FormatContext(format: containerFormat, defaultTableFormat: containerFormat, headers: ContainerContext.headers)
        cf.headerMethods = ContainerContext.headerMethods
        out += try cf.render(containers)

        out += "\nLocal Volumes space usage:\n\n"
        let volumeFormat = "table {{.Name}}\t{{.Links}}\t{{.Size}}"
        let volumes = (df["Volumes"]?.array ?? []).map { v -> TemplateValue in
            var r = TemplateRecord(typeName: "*formatter.volumeContext")
            r.set("Name", .string(v["Name"]?.string ?? ""))
            let refs = v["UsageData"]?["RefCount"]?.int64 ?? -1
            let size = v["UsageData"]?["Size"]?.int64 ?? -1
            r.set("Links", .string(refs < 0 ? "N/A" : String(refs)))
            r.set("Size", .string(size < 0 ? "N/A" : HumanUnits.size(Double(size), precision: 4)))
            return .record(r)
        }
        out += try FormatContext(format: volumeFormat, defaultTableFormat: volumeFormat,
                                 headers: ["Name": "VOLUME NAME", "Links": "LINKS", "Size": "SIZE"]).render(volumes)

        out += "\nBuild cache usage: \(HumanUnits.size(Double(df["BuilderSize"]?.int64 ?? 0), precision: 4))\n\n"
        let cacheFormat = "table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}"
        let cache = (df["BuildCache"]?.array ?? []).map { b -> TemplateValue in
            var r = TemplateRecord(typeName: "*formatter.buildCacheContext")
            r.set("ID", .string(String((b["ID"]?.string ?? "").prefix(12))))
            r.set("CacheType", .string(b["Type"]?.string ?? ""))
            r.set("Size", .string(HumanUnits.size(Double(b["Size"]?.int64 ?? 0), precision: 4)))
            r.set("CreatedSince", .string(""))
            r.set("LastUsedSince", .string(""))
            r.set("UsageCount", .string(String(b["UsageCount"]?.int64 ?? 0)))
            r.set("Shared", .string(b["Shared"]?.bool == true ? "true" : "false"))
            return .record(r)
        }
        out += try FormatContext(format: cacheFormat, defaultTableFormat: cacheFormat, headers: [
            "ID": "CACHE ID", "CacheType": "CACHE TYPE", "Size": "SIZE", "CreatedSince": "CREATED",
            "LastUsedSince": "LAST USED", "UsageCount": "USAGE", "Shared": "SHARED",
        ]).render(cache)
        return out
    }
}
