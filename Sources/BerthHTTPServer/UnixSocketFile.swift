import BerthCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The socket file of a unix listener: a stale one (left by a killed daemon) is replaced, a live one
/// (another daemon answers on it) is refused; once bound it gets its mode and group.
enum UnixSocketFile {
    static func prepare(_ path: String) throws {
        guard path.utf8.count < 108 else {
            throw BerthError(.invalidArgument, "socket path \(path) is longer than 107 bytes")
        }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            guard errno == ENOENT else { throw BerthError(.system, "stat \(path)", cause: String(cString: strerror(errno))) }
            try makeParentDirectory(of: path)
            return
        }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw BerthError(.alreadyExists, "\(path) exists and is not a socket")
        }
        if isAnswering(path) {
            throw BerthError(.alreadyExists, "socket \(path) is in use by a running daemon")
        }
        guard unlink(path) == 0 || errno == ENOENT else {
            throw BerthError(.system, "remove stale socket \(path)", cause: String(cString: strerror(errno)))
        }
    }

    /// chmod and, when the group exists, chgrp the bound socket.
    static func applyPermissions(_ path: String, mode: UInt32, group: String) throws {
        guard chmod(path, mode_t(mode)) == 0 else {
            throw BerthError(.system, "chmod \(path)", cause: String(cString: strerror(errno)))
        }
        guard !group.isEmpty, let entry = getgrnam(group) else { return }
        guard chown(path, uid_t.max, entry.pointee.gr_gid) == 0 else {
            throw BerthError(.system, "chgrp \(group) \(path)", cause: String(cString: strerror(errno)))
        }
    }

    /// True when something accepts connections on `path`.
    static func isAnswering(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.prefix(raw.count - 1).enumerated() { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0
    }

    private static func makeParentDirectory(of path: String) throws {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        let parent = String(path[..<slash])
        var components: [Substring] = []
        for piece in parent.split(separator: "/") {
            components.append(piece)
            let partial = (parent.hasPrefix("/") ? "/" : "") + components.joined(separator: "/")
            if mkdir(partial, 0o755) != 0, errno != EEXIST {
                throw BerthError(.system, "create directory \(partial)", cause: String(cString: strerror(errno)))
            }
        }
    }
}

extension UnixSocketFile {
    static func remove(_ path: String) {
        _ = unlink(path)
    }
}
