import BerthCore
import BerthLinux
import Glibc

/// Reads and writes of cgroupfs interface files. Errors name the resources field that asked for the write
/// so `berth-runtime update` failures point at the config, not only at a sysfs path.
enum CgroupFiles {
    static func write(_ dir: String, _ file: String, _ value: String, field: String) throws {
        let path = dir + "/" + file
        // O_CREAT would be wrong here: a missing interface file means the controller lacks the feature.
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let e = errno
            if e == ENOENT {
                throw BerthError(.unsupported, "\(field): \(path) does not exist on this host")
            }
            throw BerthError.sys("\(field): open \(path)", errno: e)
        }
        defer { close(fd) }
        let bytes = Array(value.utf8)
        let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard n == bytes.count else {
            throw BerthError.sys("\(field): write \"\(value)\" to \(path)")
        }
    }

    /// Writes only when the interface file exists (optional kernel features that OCI allows to be ignored).
    static func writeIfExists(_ dir: String, _ file: String, _ value: String, field: String) throws {
        guard FileIO.exists(dir + "/" + file) else { return }
        try write(dir, file, value, field: field)
    }

    static func read(_ dir: String, _ file: String) -> String? {
        FileIO.readTrimmed(dir + "/" + file)
    }

    static func readUInt(_ dir: String, _ file: String) -> UInt64? {
        guard let s = read(dir, file) else { return nil }
        if s == "max" { return UInt64.max }
        // v1 reports "unlimited" memory as a huge number, and some files carry -1.
        if s.hasPrefix("-") { return UInt64.max }
        return UInt64(s)
    }

    /// "key value" per line (memory.stat, cpu.stat, cpuacct.stat).
    static func readKeyValues(_ dir: String, _ file: String) -> [String: UInt64] {
        guard let text = read(dir, file) else { return [:] }
        var out: [String: UInt64] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, let v = UInt64(parts[1]) else { continue }
            out[String(parts[0])] = v
        }
        return out
    }

    /// Pids in `dir`'s cgroup.procs and every sub-cgroup's.
    static func procs(_ dir: String, recursive: Bool = true) throws -> [Int32] {
        guard FileIO.isDirectory(dir) else { throw BerthError(.notFound, "cgroup \(dir) does not exist") }
        var out: [Int32] = []
        let text = try FileIO.readString(dir + "/cgroup.procs")
        for line in text.split(separator: "\n") {
            if let pid = Int32(line) { out.append(pid) }
        }
        if recursive {
            for name in try FileIO.list(dir) where FileIO.isDirectory(dir + "/" + name) {
                out += try procs(dir + "/" + name)
            }
        }
        return out
    }

    /// An O_PATH directory fd, as clone3(CLONE_INTO_CGROUP) wants.
    static func openDirectory(_ dir: String) throws -> Int32 {
        let fd = berthOpen(dir, OpenFlag.path | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw BerthError.sys("open cgroup \(dir)") }
        return fd
    }

    static func addProcess(_ dir: String, pid: Int32) throws {
        try write(dir, "cgroup.procs", String(pid), field: "cgroup.procs")
    }

    /// rmdir of `dir` and its sub-cgroups, deepest first. cgroupfs reports EBUSY for a short while after the last
    /// process exits (until it is reaped and uncharged), so retry briefly.
    static func removeTree(_ dir: String) throws {
        var attempt = 0
        // rmdir first: a leaf cgroup (the usual case) goes in one syscall, with no directory scan.
        while rmdir(dir) != 0 {
            let e = errno
            if e == ENOENT { return }
            let children = e == EBUSY || e == ENOTEMPTY ? FileIO.subdirectories(dir) : []
            if !children.isEmpty {
                for name in children { try removeTree(dir + "/" + name) }
                continue
            }
            attempt += 1
            guard e == EBUSY || e == EAGAIN, attempt < 50 else {
                throw BerthError.sys("rmdir \(dir)", errno: e)
            }
            sleepMilliseconds(20)
        }
    }

    static func sleepMilliseconds(_ ms: Int) {
        var request = timespec(tv_sec: ms / 1000, tv_nsec: (ms % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}

extension CgroupFiles {
    /// The directory of a controller a resources field needs, or an error naming the field when the host has no
    /// such hierarchy.
    static func need(_ dir: String?, controller: String, field: String) throws -> String {
        guard let dir else {
            throw BerthError(.unsupported, "\(field): the \(controller) cgroup controller is not available on this host")
        }
        return dir
    }

    /// Page sizes as the kernel names hugetlb files ("2MB", "1GB", "64KB").
    static func validatePageSize(_ size: String, field: String) throws {
        let units = ["KB", "MB", "GB"]
        guard size.count > 2, units.contains(String(size.suffix(2))),
              let n = UInt64(size.dropLast(2)), n > 0
        else {
            throw BerthError(.invalidConfig, "\(field): invalid hugepage size \"\(size)\" (want e.g. \"2MB\")")
        }
    }
}
