import BerthCore
import BerthLinux
import CBerthLinux
import Glibc

/// Network namespaces that berthd creates and pins as files (like `ip netns add` and libnetwork's
/// sandbox files); the OCI spec then points the container at the file. berthd is threaded, so the
/// namespace switching happens on throwaway pthreads in CBerthLinux: no Swift thread changes namespace.
public enum NetworkNamespace {
    /// A new netns pinned by bind-mounting /proc/thread-self/ns/net at `path` (parent dirs created,
    /// file created). Fails with `.alreadyExists` when a namespace is already pinned there.
    public static func create(at path: String) throws {
        try makeParentDirectories(of: path)
        let fd = berthOpen(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o444)
        guard fd >= 0 else { throw BerthError.sys("create network namespace file \(path)") }
        close(fd)
        if isPinned(path) {
            throw BerthError(.alreadyExists, "create network namespace \(path)", cause: "a namespace is already pinned there")
        }
        let rc = berth_netns_create(path)
        guard rc == 0 else {
            // Leave no empty placeholder behind: it would look like a half-made namespace later.
            unlink(path)
            throw BerthError.sys("create network namespace \(path)", errno: -rc)
        }
    }

    /// umount2(MNT_DETACH) + unlink; a missing path is fine. Detaching lets the namespace live on
    /// while a container or a socket still holds it; it goes away with its last user.
    public static func remove(at path: String) throws {
        if umount2(path, Int32(MNT_DETACH)) != 0, errno != EINVAL, errno != ENOENT {
            throw BerthError.sys("unmount network namespace \(path)")
        }
        if unlink(path) != 0, errno != ENOENT {
            throw BerthError.sys("remove network namespace file \(path)")
        }
    }

    /// A socket(domain, type|SOCK_CLOEXEC, protocol) created inside the netns pinned at `path`.
    /// A socket keeps the namespace it was created in, so it can be used from any thread afterwards.
    public static func socket(in path: String, domain: Int32, type: Int32, protocol: Int32) throws -> Int32 {
        let nsfd = berthOpen(path, O_RDONLY | O_CLOEXEC)
        guard nsfd >= 0 else {
            let code = errno
            throw BerthError(code == ENOENT ? .notFound : .system, "open network namespace \(path)", cause: errnoText(code))
        }
        defer { close(nsfd) }
        let fd = berth_socket_in_netns(nsfd, domain, type | Int32(SOCK_CLOEXEC.rawValue), `protocol`)
        guard fd >= 0 else { throw BerthError.sys("socket in network namespace \(path)", errno: -fd) }
        return fd
    }

    /// The namespace's identity (the nsfs inode), as `ip netns identify` and `/proc/PID/ns/net` show it.
    public static func inode(at path: String) throws -> UInt64 {
        var st = stat()
        guard stat(path, &st) == 0 else { throw BerthError.sys("stat network namespace \(path)") }
        return UInt64(st.st_ino)
    }

    /// Whether `path` is already a namespace file: it sits on nsfs, the filesystem of /proc/self/ns/*.
    static func isPinned(_ path: String) -> Bool {
        var file = stat()
        var own = stat()
        guard stat(path, &file) == 0, stat("/proc/self/ns/net", &own) == 0 else { return false }
        return file.st_dev == own.st_dev
    }

    private static func makeParentDirectories(of path: String) throws {
        var prefix = path.hasPrefix("/") ? "" : "."
        let components = path.split(separator: "/", omittingEmptySubsequences: true).dropLast()
        for component in components {
            prefix += "/" + component
            if mkdir(prefix, 0o755) != 0, errno != EEXIST {
                throw BerthError.sys("create directory \(prefix)")
            }
        }
    }
}
