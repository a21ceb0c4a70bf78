/// pids.max is the same file in v1 and v2.
enum PidsLimit {
    /// OCI uses 0 and negative values for "unlimited".
    static func value(_ limit: Int64) -> String {
        limit <= 0 ? "max" : String(limit)
    }

    static func stats(_ dir: String, into stats: inout CgroupStats) {
        stats.pids.current = CgroupFiles.readUInt(dir, "pids.current") ?? 0
        let max = CgroupFiles.readUInt(dir, "pids.max") ?? 0
        stats.pids.limit = max == UInt64.max ? 0 : max
    }
}
