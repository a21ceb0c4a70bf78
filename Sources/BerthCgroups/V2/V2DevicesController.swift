import BerthCore
import BerthOCI
import CBerthLinux
import Glibc

/// cgroup v2 has no devices files: access is decided by BPF programs attached to the cgroup directory.
enum V2DevicesController {
    static func set(_ dir: String, _ rules: [DeviceCgroupRule]?) throws {
        guard let rules else { return }
        let program = try DeviceFilterProgram.generate(rules)
        let progFD = try load(program, dir: dir)
        defer { close(progFD) }
        try attachReplacing(progFD: progFD, dir: dir)
    }

    static func load(_ program: [BPFInstruction], dir: String) throws -> Int32 {
        let fd = program.withUnsafeBytes { raw in
            berth_bpf_prog_load_cgroup_device(raw.baseAddress, UInt32(program.count), nil, 0)
        }
        if fd >= 0 { return fd }
        let e = errno
        // Load again with the verifier log only on failure: a too-small log buffer would itself fail the load.
        var log = [CChar](repeating: 0, count: 16384)
        _ = program.withUnsafeBytes { raw in
            log.withUnsafeMutableBufferPointer { buf in
                berth_bpf_prog_load_cgroup_device(raw.baseAddress, UInt32(program.count), buf.baseAddress, UInt32(buf.count))
            }
        }
        let text = String(decoding: log.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let cause = text.isEmpty ? errnoText(e) : "\(errnoText(e)): \(text)"
        throw BerthError(.system, "linux.resources.devices: load bpf device filter for \(dir)", cause: cause)
    }

    /// Attach the new program before detaching the old ones, so there is no moment without a filter.
    static func attachReplacing(progFD: Int32, dir: String) throws {
        let cgroupFD = berth_open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
        guard cgroupFD >= 0 else { throw BerthError.sys("linux.resources.devices: open \(dir)") }
        defer { close(cgroupFD) }
        let old = attachedProgramIDs(cgroupFD: cgroupFD)
        guard berth_bpf_prog_attach_cgroup_device(progFD, cgroupFD) == 0 else {
            throw BerthError.sys("linux.resources.devices: attach bpf device filter to \(dir)")
        }
        for id in old {
            let fd = berth_bpf_prog_get_fd_by_id(id)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            guard berth_bpf_prog_detach_cgroup_device(fd, cgroupFD) == 0 else {
                throw BerthError.sys("linux.resources.devices: detach old bpf device filter \(id) from \(dir)")
            }
        }
    }

    static func attachedProgramIDs(cgroupFD: Int32) -> [UInt32] {
        var ids = [UInt32](repeating: 0, count: 64)
        var count = UInt32(ids.count)
        let r = ids.withUnsafeMutableBufferPointer { berth_bpf_prog_query_cgroup_device(cgroupFD, $0.baseAddress, &count) }
        guard r == 0 else { return [] }
        return Array(ids.prefix(Int(min(count, UInt32(ids.count)))))
    }

    /// Program ids attached directly to `dir` (for tests and diagnostics).
    static func attachedProgramIDs(dir: String) -> [UInt32] {
        let fd = berth_open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        return attachedProgramIDs(cgroupFD: fd)
    }
}
