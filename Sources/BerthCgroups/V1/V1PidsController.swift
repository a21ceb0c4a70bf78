import BerthOCI

enum V1PidsController {
    static func set(_ dir: String?, _ pids: PidsResources?) throws {
        guard let limit = pids?.limit else { return }
        let dir = try CgroupFiles.need(dir, controller: "pids", field: "linux.resources.pids.limit")
        try CgroupFiles.write(dir, "pids.max", PidsLimit.value(limit), field: "linux.resources.pids.limit")
    }

    static func stats(_ dir: String, into stats: inout CgroupStats) {
        PidsLimit.stats(dir, into: &stats)
    }
}
