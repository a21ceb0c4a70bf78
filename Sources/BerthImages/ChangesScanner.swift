import BerthCore
import BerthLinux
#if canImport(Glibc)
import Glibc
#endif

/// A container's filesystem changes from its overlay upper directory, as dockerd's overlay driver
/// reports them (moby's `archive.OverlayChanges`): walking the upper directory depth-first in name
/// order, a whiteout device is a deletion, an opaque directory that exists below is reported deleted
/// (its lower contents are gone) and its entries added or modified again, a name that exists in a lower layer
/// is modified (a directory only when its mode, size or mtime differ from the lower one), anything
/// else added; the parent of an addition or deletion is reported modified if it was not already.
public enum ChangesScanner {
    /// `lowerDirectories` top first, as overlayfs's `lowerdir=` lists them.
    public static func overlayChanges(upperDirectory: String, lowerDirectories: [String]) throws -> [FileChange] {
        var changes: [FileChange] = []
        var changedDirectories: Set<String> = []
        try scan(upper: upperDirectory, relative: "", lowers: lowerDirectories, changes: &changes, changedDirectories: &changedDirectories)
        return changes
    }

    private static func scan(upper: String, relative: String, lowers: [String], changes: inout [FileChange],
                             changedDirectories: inout Set<String>) throws {
        let directory = upper + relative
        for name in try FileIO.list(directory.isEmpty ? "/" : directory).sorted() {
            let path = relative + "/" + name
            var st = stat()
            guard lstat(upper + path, &st) == 0 else { throw BerthError(.system, "changes: lstat \(upper + path)", cause: errnoText()) }
            let isDirectory = (st.st_mode & S_IFMT) == S_IFDIR
            var change: FileChange?
            let inLower = lowers.contains { lower in var s = stat(); return lstat(lower + path, &s) == 0 }
            if OverlayWhiteouts.isWhiteout(st) || (isDirectory && inLower && OverlayWhiteouts.isOpaque(upper + path)) {
                change = FileChange(path: path, kind: .deleted)
            } else {
                change = FileChange(path: path, kind: .added)
                for lower in lowers {
                    var lowerStat = stat()
                    guard lstat(lower + path, &lowerStat) == 0 else { continue }
                    if isDirectory && (lowerStat.st_mode & S_IFMT) == S_IFDIR && lowerStat.st_mode == st.st_mode
                        && lowerStat.st_size == st.st_size && lowerStat.st_mtim.tv_sec == st.st_mtim.tv_sec
                        && lowerStat.st_mtim.tv_nsec == st.st_mtim.tv_nsec {
                        change = nil
                    } else {
                        change = FileChange(path: path, kind: .modified)
                    }
                    break
                }
            }
            // An unchanged directory is not recorded, so an addition below it reports it modified.
            if isDirectory && change != nil { changedDirectories.insert(path) }
            if let change {
                if change.kind != .modified {
                    let parent = relative.isEmpty ? "/" : relative
                    if parent != "/" && !changedDirectories.contains(parent) {
                        changes.append(FileChange(path: parent, kind: .modified))
                        changedDirectories.insert(parent)
                    }
                }
                changes.append(change)
            }
            if isDirectory {
                try scan(upper: upper, relative: path, lowers: lowers, changes: &changes, changedDirectories: &changedDirectories)
            }
        }
    }
}
