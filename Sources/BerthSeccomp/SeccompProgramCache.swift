import BerthCore
import BerthOCI
import CSeccomp
import Glibc

/// Generated BPF programs kept by profile, so a container with a profile seen before (Docker's default,
/// nearly always) skips libseccomp entirely: no rule compile in `create`, no BPF generation inside the
/// container's init at `start` (about 4-8 ms of CPU there for Docker's profile).
///
/// One file per profile: `BSC1`, the key's length and the key (the profile's canonical JSON plus the
/// libseccomp version that generated the program), the program's length and the program. A hit needs the
/// whole key to match, so a hash collision in the file name can never load another profile's program.
/// Files are written to a temporary name and renamed: a reader sees a whole file or none.
enum SeccompProgramCache {
    static let magic: [UInt8] = Array("BSC1".utf8)

    static func key(_ seccomp: Seccomp) throws -> [UInt8] {
        try JSONCoding.encode(seccomp) + Array("\nlibseccomp \(SeccompSupport.libseccompVersion)\n".utf8)
    }

    static func path(_ directory: String, key: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return directory + "/" + String(hash, radix: 16) + ".bpf"
    }

    /// The program stored for `key`, or nil (missing, another key, or malformed).
    static func read(_ path: String, key: [UInt8]) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { return nil }
            if n == 0 { break }
            bytes += buffer[0..<n]
            guard bytes.count <= 1 << 20 else { return nil }
        }
        var cursor = 0
        func take(_ count: Int) -> ArraySlice<UInt8>? {
            guard count >= 0, cursor + count <= bytes.count else { return nil }
            defer { cursor += count }
            return bytes[cursor..<cursor + count]
        }
        func u32() -> Int? { take(4).map { $0.reduce(0) { $0 << 8 | Int($1) } } }
        guard take(4).map(Array.init) == magic, let keyLength = u32(), take(keyLength).map(Array.init) == key,
              let programLength = u32(), programLength > 0, programLength % 8 == 0, programLength / 8 <= 4096,
              let program = take(programLength), cursor == bytes.count else { return nil }
        return Array(program)
    }

    /// Exports `filter`'s program, stores it under `key` and returns it.
    static func write(_ path: String, directory: String, key: [UInt8], exporting filter: SeccompFilter) throws -> [UInt8] {
        guard let context = filter.context else { throw BerthError(.system, "seccomp: no filter to export") }
        if mkdir(directory, 0o700) != 0, errno != EEXIST { throw BerthError.sys("mkdir \(directory)") }
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BerthError.sys("open \(temporary)") }
        var keep = false
        defer {
            close(fd)
            if !keep { unlink(temporary) }
        }
        let header = magic + be32(key.count) + key
        guard writeAll(fd, header + [0, 0, 0, 0]) else { throw BerthError.sys("write \(temporary)") }
        let rc = seccomp_export_bpf(context, fd)
        if rc < 0 { throw BerthError(.system, "seccomp: cannot export the filter", cause: errnoText(-rc)) }
        let end = lseek(fd, 0, SEEK_END)
        let programLength = Int(end) - header.count - 4
        guard programLength > 0, programLength % 8 == 0, programLength / 8 <= 4096 else {
            throw BerthError(.system, "seccomp: exported program has a bad length (\(programLength) bytes)")
        }
        let length = be32(programLength)
        guard length.withUnsafeBytes({ pwrite(fd, $0.baseAddress, 4, off_t(header.count)) }) == 4 else {
            throw BerthError.sys("write \(temporary)")
        }
        var program = [UInt8](repeating: 0, count: programLength)
        let got = program.withUnsafeMutableBytes { pread(fd, $0.baseAddress, programLength, off_t(header.count + 4)) }
        guard got == programLength else { throw BerthError.sys("read back \(temporary)") }
        guard rename(temporary, path) == 0 else { throw BerthError.sys("rename \(temporary)") }
        keep = true
        return program
    }

    static func be32(_ value: Int) -> [UInt8] {
        [UInt8(value >> 24 & 0xff), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.write(fd, base + offset, raw.count - offset)
            }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    /// The SECCOMP_FILTER_FLAG_* bits of the profile's `flags` (validated by `compile` the same way).
    static func kernelFlags(_ seccomp: Seccomp) -> UInt32 {
        var bits: UInt32 = 0
        for flag in seccomp.flags ?? [] {
            switch flag {
            case "SECCOMP_FILTER_FLAG_TSYNC": bits |= 1
            case "SECCOMP_FILTER_FLAG_LOG": bits |= 2
            case "SECCOMP_FILTER_FLAG_SPEC_ALLOW": bits |= 4
            default: break
            }
        }
        return bits
    }
}

extension SeccompFilter {
    /// `compile`, served from and saved to the program cache in `cacheDirectory`. A profile with
    /// SCMP_ACT_NOTIFY always goes through libseccomp (its load creates the listener). The profile is
    /// validated on every call, so errors are the same with or without the cache; a cache that cannot be
    /// written only costs the speed-up.
    public static func compile(
        _ seccomp: Seccomp, cacheDirectory: String, source: String = "config.json", field: String = "linux.seccomp"
    ) throws -> SeccompFilter {
        try validate(seccomp, source: source, field: field)
        let notify = (seccomp.syscalls ?? []).contains { $0.action == "SCMP_ACT_NOTIFY" }
        guard !notify, let key = try? SeccompProgramCache.key(seccomp) else {
            return try compile(seccomp, source: source, field: field)
        }
        let path = SeccompProgramCache.path(cacheDirectory, key: key)
        let flags = SeccompProgramCache.kernelFlags(seccomp)
        if let program = SeccompProgramCache.read(path, key: key) {
            // Flags are checked against this kernel and libseccomp as compile would.
            try checkFlags(seccomp, source: source, field: field)
            return SeccompFilter(program: program, kernelFlags: flags)
        }
        let filter = try compile(seccomp, source: source, field: field)
        if let program = try? SeccompProgramCache.write(path, directory: cacheDirectory, key: key, exporting: filter) {
            filter.useProgram(program, kernelFlags: flags)
        }
        return filter
    }

    /// The flag checks of `compile` (unknown to libseccomp, or above the API level) without a context.
    static func checkFlags(_ seccomp: Seccomp, source: String, field: String) throws {
        let api = seccomp_api_get()
        for (i, flag) in (seccomp.flags ?? []).enumerated() {
            guard let (_, minAPI) = SeccompNames.flagAttribute(flag) else {
                throw BerthError(.unsupported,
                                 "\(source): \(fieldPath(field, ".flags[\(i)]")): flag \(quoted(flag)) is not supported by libseccomp \(SeccompSupport.libseccompVersion)")
            }
            guard api >= minAPI else {
                throw BerthError(.unsupported,
                                 "\(source): \(fieldPath(field, ".flags[\(i)]")): flag \(quoted(flag)) needs libseccomp API level \(minAPI), this kernel and library provide \(api)")
            }
        }
    }
}
