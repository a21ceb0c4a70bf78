import BerthCore
import Glibc

/// Resolves `unsafePath` as if `root` were `/`: symlinks (absolute or relative, chained) and `..`
/// never leave `root`. Missing trailing components are kept as-is, so the caller can create them.
public enum SecureJoin {
    public static func resolve(root: String, _ unsafePath: String) throws -> String {
        var pending = components(unsafePath)
        var resolved: [String] = []
        var links = 0
        while !pending.isEmpty {
            let part = pending.removeFirst()
            if part == "." { continue }
            if part == ".." {
                if !resolved.isEmpty { resolved.removeLast() }
                continue
            }
            let candidate = root + "/" + (resolved + [part]).joined(separator: "/")
            var st = stat()
            guard lstat(candidate, &st) == 0 else {
                // Missing: the rest is taken literally (still confined, since `..` is resolved lexically).
                resolved.append(part)
                continue
            }
            if (st.st_mode & S_IFMT) == S_IFLNK {
                links += 1
                guard links <= 255 else { throw BerthError(.invalidArgument, "too many symlinks resolving \(unsafePath) in \(root)") }
                let target = try readLink(candidate)
                if target.hasPrefix("/") { resolved = [] }
                pending = components(target) + pending
                continue
            }
            resolved.append(part)
        }
        return resolved.isEmpty ? root : root + "/" + resolved.joined(separator: "/")
    }

    static func components(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    public static func readLink(_ path: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n >= 0 else { throw BerthError.sys("readlink \(path)") }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
