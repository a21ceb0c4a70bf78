import BerthCore

/// Checks an uploaded archive (docker cp / put_archive) before anything is extracted: it must be a
/// readable tar (plain or compressed), and no entry or hardlink may climb out of the extraction
/// directory with `..` — moby refuses such archives ("… is outside of …") rather than clamping
/// them, and so does Berth, so a hostile upload writes nothing at all.
public enum ArchiveContainment {
    public static func check(fileDescriptor fd: Int32, label: String) throws {
        let source = try DecompressingReader(fd: fd, name: label)
        let reader = try TarReader(source: source)
        while let entry = try reader.next() {
            if escapes(entry.path) {
                throw BerthError(.invalidArgument, "\(label): \"\(entry.path)\" is outside of the extraction directory")
            }
            if entry.kind == .hardlink, escapes(entry.linkTarget) {
                throw BerthError(.invalidArgument, "\(label): hardlink \"\(entry.path)\" points outside of the extraction directory")
            }
        }
    }

    /// Whether the path, taken relative to the extraction directory, ever leaves it.
    static func escapes(_ path: String) -> Bool {
        var depth = 0
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                depth -= 1
                if depth < 0 { return true }
            } else {
                depth += 1
            }
        }
        return false
    }
}
