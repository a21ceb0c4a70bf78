import BerthLinux
import BerthOCI

enum V2HugetlbController {
    static func set(_ dir: String, _ limits: [HugepageLimit]?) throws {
        for (i, l) in (limits ?? []).enumerated() {
            let field = "linux.resources.hugepageLimits[\(i)]"
            try CgroupFiles.validatePageSize(l.pageSize, field: field)
            try CgroupFiles.write(dir, "hugetlb.\(l.pageSize).max", String(l.limit), field: field)
        }
    }

    static func stats(_ dir: String, into stats: inout CgroupStats) {
        for name in (try? FileIO.list(dir)) ?? [] where name.hasPrefix("hugetlb.") && name.hasSuffix(".current") {
            let size = String(name.dropFirst("hugetlb.".count).dropLast(".current".count))
            guard !size.contains(".") else { continue }
            var h = CgroupStats.Hugetlb()
            h.usage = CgroupFiles.readUInt(dir, name) ?? 0
            h.max = CgroupFiles.readUInt(dir, "hugetlb.\(size).max") ?? 0
            h.failcnt = CgroupFiles.readKeyValues(dir, "hugetlb.\(size).events")["max"] ?? 0
            stats.hugetlb[size] = h
        }
    }
}
