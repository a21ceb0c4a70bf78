import BerthCore
import BerthLinux
import CBerthLinux
#if canImport(Glibc)
import Glibc
#endif

/// `cp -a` for the native snapshotter: copies a tree preserving what a container image layer carries:
/// owners, modes (with setuid bits), extended attributes (file capabilities, ACLs, overlay opaque
/// markers), symlinks, hardlinks, device nodes, fifos and timestamps. Never follows symlinks.
public struct TreeCopier {
    private struct InodeKey: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// First destination path of each multiply-linked source inode, to recreate hardlinks.
    private var linked: [InodeKey: String] = [:]

    public init() {}

    /// Copies the entries of `source` into the existing directory `destination`, and the metadata of
    /// `source` itself onto `destination`.
    public mutating func copyContents(of source: String, into destination: String) throws {
        var st = stat()
        guard lstat(source, &st) == 0 else { throw BerthError.sys("lstat \(source)") }
        for name in try FileIO.list(source) {
            try copy(source + "/" + name, to: destination + "/" + name)
        }
        try applyMetadata(from: source, st, to: destination)
    }

    private mutating func copy(_ source: String, to destination: String) throws {
        var st = stat()
        guard lstat(source, &st) == 0 else { throw BerthError.sys("lstat \(source)") }
        let type = st.st_mode & S_IFMT
        if type != S_IFDIR && st.st_nlink > 1 {
            let key = InodeKey(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
            if let first = linked[key] {
                guard link(first, destination) == 0 else { throw BerthError.sys("link \(first) to \(destination)") }
                return
            }
            linked[key] = destination
        }
        switch type {
        case S_IFDIR:
            guard mkdir(destination, 0o700) == 0 else { throw BerthError.sys("mkdir \(destination)") }
            try copyContents(of: source, into: destination)
            return
        case S_IFREG:
            try copyFileData(source, to: destination)
        case S_IFLNK:
            let target = try readLink(source)
            guard symlink(target, destination) == 0 else { throw BerthError.sys("symlink \(destination)") }
        case S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK:
            let dev = UInt64(st.st_rdev)
            guard berth_mknod(destination, UInt32(st.st_mode), berth_major(dev), berth_minor(dev)) == 0 else {
                throw BerthError.sys("mknod \(destination)")
            }
        default:
            throw BerthError(.unsupported, "copy \(source): unsupported file type \(type)")
        }
        try applyMetadata(from: source, st, to: destination)
    }

    private func copyFileData(_ source: String, to destination: String) throws {
        let input = berth_open(source, O_RDONLY | O_CLOEXEC, 0)
        guard input >= 0 else { throw BerthError.sys("open \(source)") }
        defer { close(input) }
        let output = berth_open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw BerthError.sys("create \(destination)") }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw BerthError.sys("read \(source)")
            }
            if n == 0 { return }
            try buffer.withUnsafeBytes { raw in
                try FileIO.writeAll(fd: output, Array(raw[0..<n]), what: destination)
            }
        }
    }

    private func readLink(_ path: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n >= 0 else { throw BerthError.sys("readlink \(path)") }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Owner first (chown clears setuid bits and file capabilities), then mode, xattrs, and the times
    /// last (everything before touches ctime/mtime).
    private func applyMetadata(from source: String, _ st: stat, to destination: String) throws {
        let isLink = (st.st_mode & S_IFMT) == S_IFLNK
        guard lchown(destination, st.st_uid, st.st_gid) == 0 else { throw BerthError.sys("lchown \(destination)") }
        if !isLink {
            guard chmod(destination, st.st_mode & 0o7777) == 0 else { throw BerthError.sys("chmod \(destination)") }
        }
        try copyExtendedAttributes(source, to: destination)
        var times = [st.st_atim, st.st_mtim]
        guard utimensat(AT_FDCWD, destination, &times, AT_SYMLINK_NOFOLLOW) == 0 else {
            throw BerthError.sys("utimensat \(destination)")
        }
    }

    private func copyExtendedAttributes(_ source: String, to destination: String) throws {
        for name in try ExtendedAttributes.names(source) {
            let value = try ExtendedAttributes.value(source, name)
            guard ExtendedAttributes.set(destination, name, value) else {
                // Attributes the destination cannot hold (trusted.* without privilege, a filesystem
                // without xattrs) are dropped, as cp -a does.
                if errno == ENOTSUP || errno == EPERM { continue }
                throw BerthError.sys("lsetxattr \(destination) \(name)")
            }
        }
    }
}
