import BerthLinux
import BerthOCI

enum V1HugetlbController {
    static func set(_ dir: String?, _ limits: [HugepageLimit]?) throws {
        guard let limits, !limits.isEmpty else { return }
        let dir = try CgroupFiles.need(dir, controller: "hugetlb", field: "linux.resources.hugepageLimits")
        for (i, l) in limits.enumerated() {
            let field = "linux.resources.hugepageLimits[\(i)]"
            try CgroupFiles.validatePageSize(l.pageSize, field: field)
            try CgroupFiles.write(dir, "hugetlb.\(l.pageSize).limit_in_bytes", String(l.limit), field: field)
        }
    }

    static func stats(_ dir: String, into stats: inout CgroupStats) {
        for name in (try? FileIO.list(dir)) ?? [] where name.hasPrefix("hugetlb.") && name.hasSuffix(".usage_in_bytes") {
            let size = String(name.dropFirst("hugetlb.".count).dropLast(".usage_in_bytes".count))
            var h = CgroupStats.Hugetlb()
            h.usage = CgroupFiles.readUInt(dir, "hugetlb.\(size).usage_in_bytes") ?? 0
            h.max = CgroupFiles.readUInt(dir, "hugetlb.\(size).max_usage_in_bytes") ?? 0
            h.failcnt = CgroupFiles.readUInt(dir, "hugetlb.\(size).failcnt") ?? 0
            stats.hugetlb[size] = h
        }
    }
}
