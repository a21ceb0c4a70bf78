import BerthCore
import BerthLinux
#if canImport(Glibc)
import Glibc
#endif

/// A directory tree addressed only through file descriptors, with every path resolved as if the
/// tree's root were `/` (the semantics of openat2's RESOLVE_IN_ROOT, done component by component
/// with O_NOFOLLOW): `..` stops at the root, absolute symlinks restart at the root, and a relative
/// symlink is expanded in place. Nothing reached through this type can be outside the tree, so a
/// hostile layer can at worst rearrange its own rootfs.
final class RootedTree {
    let path: String
    let fd: Int32
    private static let maxSymlinks = 40

    init(path: String) throws {
        self.path = path
        fd = open(path, OpenFlag.path | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw BerthError(.system, "open layer target \(path)", cause: errnoText()) }
    }

    deinit { close(fd) }

    /// Lexical clean of an archive path against `/`: absolute paths become relative to the root,
    /// `.` and empty components vanish and `..` never climbs above the root (Go's
    /// `filepath.Join("/", name)`, as containerd applies to layer entries).
    static func clean(_ path: String) -> [String] {
        var out: [String] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !out.isEmpty { out.removeLast() }
                continue
            }
            out.append(String(part))
        }
        return out
    }

    /// Opens (OpenFlag.path) the directory named by `components`, following symlinks inside the tree.
    /// With `create`, missing directories are made (mode 0755), as tar allows entries whose parent
    /// directories were never listed. A missing component without `create` throws `.notFound`.
    func openDirectory(_ components: ArraySlice<String>, create: Bool, entry: String) throws -> Int32 {
        var stack: [Int32] = [dup(fd)]
        guard stack[0] >= 0 else { throw BerthError(.system, "entry \"\(entry)\": dup", cause: errnoText()) }
        defer { for descriptor in stack { close(descriptor) } }
        var pending = Array(components.reversed())
        var symlinks = 0
        while let part = pending.popLast() {
            if part.isEmpty || part == "." { continue }
            if part == ".." {
                if stack.count > 1 { close(stack.removeLast()) }
                continue
            }
            let parent = stack[stack.count - 1]
            var child = openat(parent, part, OpenFlag.path | O_NOFOLLOW | O_CLOEXEC)
            if child < 0 && errno == ENOENT && create {
                if mkdirat(parent, part, 0o755) != 0 && errno != EEXIST {
                    throw BerthError(.system, "entry \"\(entry)\": create directory \"\(part)\"", cause: errnoText())
                }
                child = openat(parent, part, OpenFlag.path | O_NOFOLLOW | O_CLOEXEC)
            }
            guard child >= 0 else {
                if errno == ENOENT { throw BerthError(.notFound, "entry \"\(entry)\": \"\(part)\" does not exist") }
                throw BerthError(.system, "entry \"\(entry)\": open \"\(part)\"", cause: errnoText())
            }
            var st = stat()
            guard fstat(child, &st) == 0 else {
                close(child)
                throw BerthError(.system, "entry \"\(entry)\": stat \"\(part)\"", cause: errnoText())
            }
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                stack.append(child)
            case S_IFLNK:
                let target = Self.readLink(child)
                close(child)
                symlinks += 1
                guard let target, symlinks <= Self.maxSymlinks else {
                    throw BerthError(.invalidArgument, "entry \"\(entry)\": too many or unreadable symlinks at \"\(part)\"")
                }
                if target.hasPrefix("/") {
                    while stack.count > 1 { close(stack.removeLast()) }
                }
                pending.append(contentsOf: target.split(separator: "/", omittingEmptySubsequences: true).map(String.init).reversed())
            default:
                close(child)
                throw BerthError(.notFound, "entry \"\(entry)\": \"\(part)\" is not a directory")
            }
        }
        let result = stack.removeLast()
        return result
    }

    /// The link text of an OpenFlag.path descriptor opened on a symlink.
    static func readLink(_ descriptor: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlinkat(descriptor, "", &buffer, buffer.count - 1)
        guard n >= 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// rm -rf of `name` inside `parent`, never following symlinks. Missing is fine.
    static func removeTree(parent: Int32, name: String, entry: String) throws {
        if unlinkat(parent, name, 0) == 0 || errno == ENOENT { return }
        guard errno == EISDIR || errno == EPERM else {
            throw BerthError(.system, "entry \"\(entry)\": remove \"\(name)\"", cause: errnoText())
        }
        let directory = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard directory >= 0 else { throw BerthError(.system, "entry \"\(entry)\": open \"\(name)\"", cause: errnoText()) }
        defer { close(directory) }
        for child in try list(directory, entry: entry) {
            try removeTree(parent: directory, name: child, entry: entry)
        }
        guard unlinkat(parent, name, AT_REMOVEDIR) == 0 || errno == ENOENT else {
            throw BerthError(.system, "entry \"\(entry)\": remove directory \"\(name)\"", cause: errnoText())
        }
    }

    /// Names in the directory open at `directory` (any open mode, OpenFlag.path included).
    static func list(_ directory: Int32, entry: String) throws -> [String] {
        let readable = openat(directory, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard readable >= 0, let stream = fdopendir(readable) else {
            let cause = errnoText()
            throw BerthError(.system, "entry \"\(entry)\": list directory", cause: cause)
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let item = readdir(stream) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
