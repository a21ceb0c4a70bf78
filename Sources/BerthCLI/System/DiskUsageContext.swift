import BerthCore

/// docker 28's disk-usage summary rows (cli/command/formatter/disk_usage.go against GET /system/df):
/// the CLI itself counts, sums and computes what is reclaimable.
public enum DiskUsageContext {
    public static let defaultTableFormat = "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}"
    public static let rawFormat = "type: {{.Type}}\ntotal: {{.TotalCount}}\nactive: {{.Active}}\nsize: {{.Size}}\nreclaimable: {{.Reclaimable}}\n"
    public static let headers: [String: String] = [
        "Type": "TYPE", "TotalCount": "TOTAL", "Active": "ACTIVE", "Size": "SIZE", "Reclaimable": "RECLAIMABLE",
    ]

    static func human(_ n: Int64) -> String { HumanUnits.size(Double(n), precision: 4) }

    static func reclaimable(_ reclaimable: Int64, of total: Int64) -> String {
        total > 0 ? "\(human(reclaimable)) (\(reclaimable * 100 / total)%)" : human(reclaimable)
    }

    static func row(_ type: String, total: Int, active: Int, size: String, reclaimable: String) -> TemplateValue {
        var r = TemplateRecord(typeName: "*formatter.diskUsageContext")
        r.set("Active", .string(String(active)))
        r.set("Reclaimable", .string(reclaimable))
        r.set("Size", .string(size))
        r.set("TotalCount", .string(String(total)))
        r.set("Type", .string(type))
        r.marshalEscapesHTML = true
        return .record(r)
    }

    public static func rows(_ df: JSONValue) -> [TemplateValue] {
        let images = df["Images"]?.array ?? []
        let layersSize = df["LayersSize"]?.int64 ?? 0
        var used: Int64 = 0
        for i in images where (i["Containers"]?.int64 ?? 0) != 0 {
            let size = i["Size"]?.int64 ?? 0, shared = i["SharedSize"]?.int64 ?? 0
            if size == -1 || shared == -1 { continue }
            used += size - shared
        }
        let imageRow = row("Images", total: images.count, active: images.filter { ($0["Containers"]?.int64 ?? 0) > 0 }.count,
                           size: human(layersSize), reclaimable: reclaimable(layersSize - used, of: layersSize))

        let containers = df["Containers"]?.array ?? []
        func isActive(_ c: JSONValue) -> Bool {
            let s = c["State"]?.string ?? ""
            return s.contains("running") || s.contains("paused") || s.contains("restarting")
        }
        var cTotal: Int64 = 0, cReclaim: Int64 = 0
        for c in containers {
            let rw = c["SizeRw"]?.int64 ?? 0
            cTotal += rw
            if !isActive(c) { cReclaim += rw }
        }
        let containerRow = row("Containers", total: containers.count, active: containers.filter(isActive).count,
                               size: human(cTotal), reclaimable: reclaimable(cReclaim, of: cTotal))

        let volumes = df["Volumes"]?.array ?? []
        var vTotal: Int64 = 0, vReclaim: Int64 = 0, vActive = 0
        for v in volumes {
            let size = v["UsageData"]?["Size"]?.int64 ?? -1
            let refs = v["UsageData"]?["RefCount"]?.int64 ?? 0
            if refs > 0 { vActive += 1 }
            guard size != -1 else { continue }
            vTotal += size
            if refs == 0 { vReclaim += size }
        }
        let volumeRow = row("Local Volumes", total: volumes.count, active: vActive, size: human(vTotal), reclaimable: reclaimable(vReclaim, of: vTotal))

        let cache = df["BuildCache"]?.array ?? []
        let builderSize = df["BuilderSize"]?.int64 ?? 0
        var inUse: Int64 = 0
        for b in cache where b["InUse"]?.bool == true && b["Shared"]?.bool != true { inUse += b["Size"]?.int64 ?? 0 }
        let cacheRow = row("Build Cache", total: cache.count, active: cache.filter { $0["InUse"]?.bool == true }.count,
                           size: human(builderSize), reclaimable: human(builderSize - inUse))
        return [imageRow, containerRow, volumeRow, cacheRow]
    }
}
