import BerthCore
import BerthLinux
#if canImport(Glibc)
import Glibc
#endif

/// `du` of one directory tree: allocated bytes and distinct inodes, hardlinked files counted once
/// (containerd's continuity/fs.DiskUsage). Never follows symlinks.
public enum DiskUsage {
    public static func measure(_ root: String) throws -> SnapshotUsage {
        var seen = Set<UInt64>()
        var usage = SnapshotUsage()
        try walk(root, &seen, &usage)
        return usage
    }

    private static func walk(_ path: String, _ seen: inout Set<UInt64>, _ usage: inout SnapshotUsage) throws {
        var st = stat()
        guard lstat(path, &st) == 0 else { throw BerthError.sys("lstat \(path)") }
        if seen.insert(UInt64(st.st_ino)).inserted {
            usage.inodes += 1
            usage.size += Int64(st.st_blocks) * 512
        }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { return }
        for name in try FileIO.list(path) {
            try walk(path + "/" + name, &seen, &usage)
        }
    }
}
