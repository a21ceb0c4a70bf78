import BerthCore
import BerthLinux
import CArchive
#if canImport(Glibc)
import Glibc
#endif

extension LayerDiffWriter {
    /// The depth-first walk of the upper directory, writing one tar entry per file.
    struct Walker {
        let archive: OpaquePointer
        let disk: OpaquePointer
        let root: String
        let label: String
        /// Put before every entry's path (`etc/` when archiving a container's /etc).
        var pathPrefix = ""
        /// Whether 0:0 character devices and opaque markers are overlay whiteouts (an upper directory)
        /// or ordinary files (any other tree).
        var overlayWhiteouts = true
        /// First path written for each (device, inode) with several links: later ones are hardlinks to it.
        var linked: [String: String] = [:]

        init(archive: OpaquePointer, disk: OpaquePointer, root: String, label: String) {
            self.archive = archive
            self.disk = disk
            self.root = root
            self.label = label
        }

        mutating func walk(relative: String) throws {
            let directory = relative.isEmpty ? root : root + "/" + relative
            for name in try FileIO.list(directory).sorted() {
                let path = relative.isEmpty ? name : relative + "/" + name
                let full = root + "/" + path
                var st = stat()
                guard lstat(full, &st) == 0 else { throw BerthError(.system, "\(label): lstat \(path)", cause: errnoText()) }
                if overlayWhiteouts && OverlayWhiteouts.isWhiteout(st) {
                    let parent = relative.isEmpty ? "" : relative + "/"
                    try marker(pathPrefix + parent + ".wh." + name, mtime: st.st_mtim.tv_sec)
                    continue
                }
                let type = st.st_mode & S_IFMT
                if type == S_IFSOCK { continue }
                try entry(pathPrefix + path, full: full, st: &st)
                if type == S_IFDIR {
                    if overlayWhiteouts && OverlayWhiteouts.isOpaque(full) { try marker(pathPrefix + path + "/.wh..wh..opq", mtime: st.st_mtim.tv_sec) }
                    try walk(relative: path)
                }
            }
        }

        /// An empty regular file standing for a deletion (`.wh.x`) or an opaque directory.
        private func marker(_ path: String, mtime: Int) throws {
            guard let entry = archive_entry_new() else { throw BerthError(.system, "\(label): cannot create a tar entry") }
            defer { archive_entry_free(entry) }
            archive_entry_copy_pathname(entry, path)
            archive_entry_set_filetype(entry, UInt32(Glibc.S_IFREG))
            archive_entry_set_perm(entry, 0)
            archive_entry_set_size(entry, 0)
            archive_entry_set_mtime(entry, mtime, 0)
            guard archive_write_header(archive, entry) == ARCHIVE_OK else { throw failure("write \(path)") }
        }

        mutating func entry(_ path: String, full: String, st: inout stat) throws {
            guard let entry = archive_entry_new() else { throw BerthError(.system, "\(label): cannot create a tar entry") }
            defer { archive_entry_free(entry) }
            archive_entry_copy_sourcepath(entry, full)
            guard archive_read_disk_entry_from_file(disk, entry, -1, &st) == ARCHIVE_OK else {
                throw BerthError(.system, "\(label): read \(path)", cause: archive_error_string(disk).map { String(cString: $0) })
            }
            archive_entry_copy_pathname(entry, path)
            try dropOverlayAttributes(entry)
            let isFile = (st.st_mode & S_IFMT) == S_IFREG
            if isFile && st.st_nlink > 1 {
                let key = "\(st.st_dev):\(st.st_ino)"
                if let first = linked[key] {
                    archive_entry_copy_hardlink(entry, first)
                    archive_entry_set_size(entry, 0)
                    guard archive_write_header(archive, entry) == ARCHIVE_OK else { throw failure("write \(path)") }
                    return
                }
                linked[key] = path
            }
            guard archive_write_header(archive, entry) == ARCHIVE_OK else { throw failure("write \(path)") }
            guard isFile && st.st_size > 0 else { return }
            let fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { throw BerthError(.system, "\(label): open \(path)", cause: errnoText()) }
            defer { close(fd) }
            let chunk = 1 << 20
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
            defer { buffer.deallocate() }
            var remaining = Int64(st.st_size)
            while remaining > 0 {
                let n = read(fd, buffer, min(chunk, Int(remaining)))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw BerthError(.system, "\(label): read \(path)", cause: errnoText())
                }
                // A file that shrank while being read is padded by libarchive to its header's size.
                if n == 0 { break }
                guard archive_write_data(archive, buffer, n) >= 0 else { throw failure("write \(path)") }
                remaining -= Int64(n)
            }
        }

        /// Keeps every extended attribute but overlayfs's own.
        private func dropOverlayAttributes(_ entry: OpaquePointer) throws {
            guard archive_entry_xattr_reset(entry) > 0 else { return }
            var kept: [(String, [UInt8])] = []
            var dropped = false
            var name: UnsafePointer<CChar>?
            var value: UnsafeRawPointer?
            var size = 0
            while archive_entry_xattr_next(entry, &name, &value, &size) == ARCHIVE_OK {
                guard let name else { continue }
                let key = String(cString: name)
                if OverlayWhiteouts.isOverlayAttribute(key) { dropped = true; continue }
                let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
                kept.append((key, bytes))
            }
            guard dropped else { return }
            archive_entry_xattr_clear(entry)
            for (key, bytes) in kept {
                bytes.withUnsafeBytes { archive_entry_xattr_add_entry(entry, key, $0.baseAddress, $0.count) }
            }
        }

        func failure(_ what: String) -> BerthError {
            let detail = archive_error_string(archive).map { String(cString: $0) }
            return BerthError(.system, "\(label): \(what)", cause: detail)
        }
    }
}
