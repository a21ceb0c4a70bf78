import BerthCore
import CArchive
#if canImport(Glibc)
import Glibc
#endif

/// libarchive's pax (ustar where it fits) writer onto a file descriptor, for archives Berth
/// produces: entries are root-owned, mtime 0, so the same images give the same bytes.
final class TarWriter {
    let label: String
    private var archive: OpaquePointer?

    /// `fd` stays owned by the caller.
    init(fd: Int32, label: String) throws {
        self.label = label
        archive = archive_write_new()
        guard let archive else { throw BerthError(.system, "\(label): cannot create a tar writer") }
        archive_write_set_format_pax_restricted(archive)
        // No padding to a 10 KiB block after the end-of-archive marker.
        archive_write_set_bytes_in_last_block(archive, 1)
        guard archive_write_open_fd(archive, fd) == ARCHIVE_OK else { throw failure("open") }
    }

    deinit {
        if let archive { archive_write_free(archive) }
    }

    func addDirectory(_ path: String) throws {
        try header(path, type: S_IFDIR, mode: 0o755, size: 0)
    }

    func addFile(_ path: String, bytes: [UInt8]) throws {
        try addFile(path, size: Int64(bytes.count)) { write in
            try bytes.withUnsafeBytes { try write($0) }
        }
    }

    /// Adds a file whose `size` bytes `body` produces through the `write` it is given.
    func addFile(_ path: String, size: Int64, body: (_ write: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        guard let archive else { return }
        try header(path, type: S_IFREG, mode: 0o644, size: size)
        var written: Int64 = 0
        try body { chunk in
            guard let base = chunk.baseAddress else { return }
            guard written + Int64(chunk.count) <= size else {
                throw BerthError(.illegalState, "\(label): \(path): more than the announced \(size) bytes")
            }
            var done = 0
            while done < chunk.count {
                let n = archive_write_data(archive, base + done, chunk.count - done)
                guard n > 0 else { throw failure("write \(path)") }
                done += Int(n)
            }
            written += Int64(chunk.count)
        }
        guard written == size else {
            throw BerthError(.illegalState, "\(label): \(path): \(written) bytes written, \(size) announced")
        }
    }

    func finish() throws {
        guard let archive else { return }
        guard archive_write_close(archive) == ARCHIVE_OK else { throw failure("close") }
    }

    private func header(_ path: String, type: mode_t, mode: mode_t, size: Int64) throws {
        guard let archive, let entry = archive_entry_new() else { throw BerthError(.system, "\(label): cannot create a tar entry") }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname(entry, path)
        archive_entry_set_filetype(entry, UInt32(type))
        archive_entry_set_perm(entry, mode)
        archive_entry_set_size(entry, la_int64_t(size))
        archive_entry_set_mtime(entry, 0, 0)
        archive_entry_set_uid(entry, 0)
        archive_entry_set_gid(entry, 0)
        guard archive_write_header(archive, entry) == ARCHIVE_OK else { throw failure("write header of \(path)") }
    }

    private func failure(_ what: String) -> BerthError {
        let detail = archive.flatMap { archive_error_string($0) }.map { String(cString: $0) }
        return BerthError(.system, "\(label): \(what)", cause: detail)
    }
}
