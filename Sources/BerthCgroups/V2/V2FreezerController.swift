import BerthCore

/// cgroup2's core freezer (cgroup.freeze); cgroup.events reports "frozen 1" once every task has stopped.
enum V2FreezerController {
    static func setFrozen(_ dir: String, _ frozen: Bool) throws {
        try CgroupFiles.write(dir, "cgroup.freeze", frozen ? "1" : "0", field: "cgroup.freeze")
        for _ in 0..<500 {
            if isFrozen(dir) == frozen { return }
            CgroupFiles.sleepMilliseconds(10)
        }
        if frozen { try? CgroupFiles.write(dir, "cgroup.freeze", "0", field: "cgroup.freeze") }
        throw BerthError(.timeout, "\(frozen ? "freeze" : "thaw") \(dir): cgroup.events did not report frozen \(frozen ? 1 : 0) within 5s")
    }

    static func isFrozen(_ dir: String) -> Bool {
        CgroupFiles.readKeyValues(dir, "cgroup.events")["frozen"] == 1
    }
}
