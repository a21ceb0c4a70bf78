import BerthCore

enum V1FreezerController {
    /// The kernel moves through FREEZING while tasks are being stopped; a task in an uninterruptible sleep can keep
    /// it there, so FROZEN is re-written periodically (like runc) until the state settles or we give up.
    static func freeze(_ dir: String) throws {
        for attempt in 0..<500 {
            if attempt % 10 == 0 {
                try CgroupFiles.write(dir, "freezer.state", "FROZEN", field: "freezer.state")
            }
            if state(dir) == "FROZEN" { return }
            CgroupFiles.sleepMilliseconds(10)
        }
        try? CgroupFiles.write(dir, "freezer.state", "THAWED", field: "freezer.state")
        throw BerthError(.timeout, "freeze \(dir): processes did not stop within 5s")
    }

    static func thaw(_ dir: String) throws {
        for attempt in 0..<500 {
            if attempt % 10 == 0 {
                try CgroupFiles.write(dir, "freezer.state", "THAWED", field: "freezer.state")
            }
            if state(dir) == "THAWED" { return }
            CgroupFiles.sleepMilliseconds(10)
        }
        throw BerthError(.timeout, "thaw \(dir): freezer did not reach THAWED within 5s")
    }

    static func state(_ dir: String) -> String? {
        CgroupFiles.read(dir, "freezer.state")
    }
}
