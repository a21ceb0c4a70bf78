import BerthCore
import CBerthLinux
import Glibc

/// Small synchronous file helpers over raw syscalls (no Foundation on the runtime path).
public enum FileIO {
    public static func read(_ path: String) throws -> [UInt8] {
        let fd = berth_open(path, O_RDONLY | O_CLOEXEC, 0)
        guard fd >= 0 else { throw BerthError.sys("open \(path)") }
        defer { close(fd) }
        return try readAll(fd: fd, what: path)
    }

    public static func readString(_ path: String) throws -> String {
        String(decoding: try read(path), as: UTF8.self)
    }

    /// The file's content without a trailing newline, or nil when it cannot be read.
    public static func readTrimmed(_ path: String) -> String? {
        guard var s = try? readString(path) else { return nil }
        while s.last == "\n" || s.last == " " { s.removeLast() }
        return s
    }

    public static func readAll(fd: Int32, what: String) throws -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw BerthError.sys("read \(what)")
            }
            if n == 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        return out
    }

    /// Writes in one write(2) call: cgroup and /proc files need a whole value per write.
    public static func write(_ path: String, _ content: String, flags: Int32 = O_WRONLY | O_TRUNC | O_CREAT, mode: UInt32 = 0o644) throws {
        try write(path, Array(content.utf8), flags: flags, mode: mode)
    }

    public static func write(_ path: String, _ bytes: [UInt8], flags: Int32 = O_WRONLY | O_TRUNC | O_CREAT, mode: UInt32 = 0o644) throws {
        let fd = berth_open(path, flags | O_CLOEXEC, mode)
        guard fd >= 0 else { throw BerthError.sys("open \(path)") }
        defer { close(fd) }
        try writeAll(fd: fd, bytes, what: path)
    }

    public static func writeAll(fd: Int32, _ bytes: [UInt8], what: String) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.write(fd, base + offset, raw.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw BerthError.sys("write \(what)")
            }
            offset += n
        }
    }

    /// Replace via temp file and rename, so readers never see a partial file. `durable` adds an
    /// fsync, for data that must survive a crash; volatile state (the runtime's, which describes
    /// processes that a reboot ends anyway) skips it.
    public static func writeAtomically(_ path: String, _ bytes: [UInt8], mode: UInt32 = 0o644, durable: Bool = true) throws {
        let tmp = path + ".tmp-\(getpid())"
        let fd = berth_open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw BerthError.sys("open \(tmp)") }
        do {
            try writeAll(fd: fd, bytes, what: tmp)
            if durable { guard fsync(fd) == 0 else { throw BerthError.sys("fsync \(tmp)") } }
        } catch {
            close(fd)
            unlink(tmp)
            throw error
        }
        close(fd)
        guard rename(tmp, path) == 0 else {
            let e = errno
            unlink(tmp)
            throw BerthError.sys("rename \(tmp) to \(path)", errno: e)
        }
    }

    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// mkdir -p. Existing directories are fine. Tries the full path first and walks up only on
    /// ENOENT, so the common cases (exists, or only the leaf is missing) cost one or two syscalls.
    public static func mkdirAll(_ path: String, mode: UInt32 = 0o755) throws {
        if mkdir(path, mode_t(mode)) == 0 { return }
        switch errno {
        case EEXIST:
            if isDirectory(path) { return }
            throw BerthError(.alreadyExists, "mkdir \(path): exists and is not a directory")
        case ENOENT:
            guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else {
                throw BerthError.sys("mkdir \(path)")
            }
            try mkdirAll(String(path[..<slash]), mode: mode)
            if mkdir(path, mode_t(mode)) != 0 && errno != EEXIST { throw BerthError.sys("mkdir \(path)") }
        default:
            throw BerthError.sys("mkdir \(path)")
        }
    }

    /// Names in a directory, without "." and "..".
    public static func list(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw BerthError.sys("opendir \(path)") }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Subdirectory names, from readdir's d_type (no stat per entry: cgroup directories hold dozens
    /// of files and few subdirectories).
    public static func subdirectories(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            guard entry.pointee.d_type == UInt8(DT_DIR) else { continue }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// rm -rf that never crosses into a mounted filesystem's content through symlinks (lstat-based).
    public static func removeAll(_ path: String) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            for name in (try? list(path)) ?? [] { removeAll(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
