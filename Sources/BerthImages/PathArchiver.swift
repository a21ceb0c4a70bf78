import BerthCore
import CArchive
#if canImport(Glibc)
import Glibc
#endif

/// A plain tar of one file or directory tree, metadata as on disk (owners, modes, times, xattrs,
/// hardlinks), for `docker cp` out of a container and `docker export`. Symlinks are stored, never
/// followed.
public enum PathArchiver {
    /// Writes `source` into `fd` as `name` (a file) or `name/…` (a directory); an empty `name`
    /// writes a directory's contents at the top of the archive (export).
    public static func write(source: String, name: String, to fd: Int32) throws {
        let label = "archive of \(source)"
        guard let archive = archive_write_new() else { throw BerthError(.system, "\(label): cannot create a tar writer") }
        defer { archive_write_free(archive) }
        archive_write_set_format_pax_restricted(archive)
        archive_write_set_bytes_in_last_block(archive, 1)
        guard archive_write_open_fd(archive, fd) == ARCHIVE_OK else {
            throw BerthError(.system, "\(label): open", cause: archive_error_string(archive).map { String(cString: $0) })
        }
        guard let disk = archive_read_disk_new() else { throw BerthError(.system, "\(label): cannot create a disk reader") }
        defer { archive_read_free(disk) }
        archive_read_disk_set_behavior(disk, ARCHIVE_READDISK_NO_ACL | ARCHIVE_READDISK_NO_FFLAGS)
        var walker = LayerDiffWriter.Walker(archive: archive, disk: disk, root: source, label: label)
        walker.overlayWhiteouts = false
        var st = stat()
        guard lstat(source, &st) == 0 else { throw BerthError(.notFound, "\(label): lstat", cause: errnoText()) }
        if !name.isEmpty { try walker.entry(name, full: source, st: &st) }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            walker.pathPrefix = name.isEmpty ? "" : name + "/"
            try walker.walk(relative: "")
        }
        guard archive_write_close(archive) == ARCHIVE_OK else { throw walker.failure("close") }
    }
}
