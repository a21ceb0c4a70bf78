import BerthCore
import CArchive
#if canImport(Glibc)
import Glibc
#endif

/// libarchive's tar reader fed from a `DecompressingReader` through read callbacks, so what
/// libarchive parses is exactly what was hashed.
final class TarReader {
    let name: String
    let source: DecompressingReader
    private var archive: OpaquePointer?
    private var sourceError: (any Error)?

    init(source: DecompressingReader) throws {
        self.source = source
        name = source.name
        archive = archive_read_new()
        guard let archive else { throw BerthError(.system, "\(name): cannot create a tar reader") }
        archive_read_support_format_tar(archive)
        // A zero-byte stream is a valid empty layer.
        archive_read_support_format_empty(archive)
        let context = Unmanaged.passUnretained(self).toOpaque()
        guard archive_read_open(archive, context, nil, tarReadCallback, nil) == ARCHIVE_OK else {
            throw failure("cannot read the tar stream")
        }
    }

    deinit {
        if let archive { archive_read_free(archive) }
    }

    /// The next header, or nil at the end of the archive.
    func next() throws -> TarEntry? {
        guard let archive else { return nil }
        var raw: OpaquePointer?
        while true {
            let status = archive_read_next_header(archive, &raw)
            switch status {
            case ARCHIVE_OK, ARCHIVE_WARN:
                guard let raw else { throw failure("malformed tar header") }
                return Self.entry(raw)
            case ARCHIVE_EOF:
                return nil
            case ARCHIVE_RETRY:
                continue
            default:
                throw failure("malformed or truncated tar")
            }
        }
    }

    /// Streams the current entry's data as (bytes, offset) blocks; offsets jump over sparse holes.
    func readData(_ body: (UnsafeRawBufferPointer, Int64) throws -> Void) throws {
        guard let archive else { return }
        while true {
            var block: UnsafeRawPointer?
            var size = 0
            var offset: la_int64_t = 0
            let status = archive_read_data_block(archive, &block, &size, &offset)
            if status == ARCHIVE_EOF { return }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN else {
                throw failure("truncated or unreadable entry data")
            }
            if let block, size > 0 {
                try body(UnsafeRawBufferPointer(start: block, count: size), Int64(offset))
            }
        }
    }

    /// The current entry's whole data, for small files (manifests, configs).
    func readAll(limit: Int, entryPath: String) throws -> [UInt8] {
        var out: [UInt8] = []
        try readData { chunk, offset in
            let end = Int(offset) + chunk.count
            guard end <= limit else {
                throw BerthError(.invalidArgument, "\(name): \(entryPath): larger than \(limit) bytes")
            }
            if out.count < end { out.append(contentsOf: repeatElement(0, count: end - out.count)) }
            out.replaceSubrange(Int(offset)..<end, with: chunk)
        }
        return out
    }

    fileprivate func produce(_ buffer: UnsafeMutablePointer<UnsafeRawPointer?>) -> Int {
        do {
            guard let chunk = try source.next() else { return 0 }
            buffer.pointee = chunk.baseAddress
            return chunk.count
        } catch {
            sourceError = error
            return -1
        }
    }

    /// The reader's own error (bad compression, I/O) wins over libarchive's generic one.
    private func failure(_ what: String) -> any Error {
        if let sourceError { return sourceError }
        let detail = archive.flatMap { archive_error_string($0) }.map { String(cString: $0) }
        return BerthError(.invalidArgument, "\(name): \(what)", cause: detail)
    }

    private static func entry(_ raw: OpaquePointer) -> TarEntry {
        let path = archive_entry_pathname(raw).map { String(cString: $0) }
            ?? archive_entry_pathname_utf8(raw).map { String(cString: $0) } ?? ""
        let hardlink = archive_entry_hardlink(raw).map { String(cString: $0) }
            ?? archive_entry_hardlink_utf8(raw).map { String(cString: $0) }
        let symlink = archive_entry_symlink(raw).map { String(cString: $0) }
            ?? archive_entry_symlink_utf8(raw).map { String(cString: $0) }
        let kind: TarEntry.Kind
        if hardlink != nil {
            kind = .hardlink
        } else {
            switch mode_t(archive_entry_filetype(raw)) {
            case S_IFREG: kind = .regular
            case S_IFDIR: kind = .directory
            case S_IFLNK: kind = .symlink
            case S_IFCHR: kind = .characterDevice
            case S_IFBLK: kind = .blockDevice
            case S_IFIFO: kind = .fifo
            case S_IFSOCK: kind = .socket
            default: kind = .unknown
            }
        }
        let mtime = timespec(tv_sec: time_t(archive_entry_mtime(raw)), tv_nsec: Int(archive_entry_mtime_nsec(raw)))
        let atime = archive_entry_atime_is_set(raw) != 0
            ? timespec(tv_sec: time_t(archive_entry_atime(raw)), tv_nsec: Int(archive_entry_atime_nsec(raw)))
            : mtime
        var xattrs: [(name: String, value: [UInt8])] = []
        if archive_entry_xattr_reset(raw) > 0 {
            var namePointer: UnsafePointer<CChar>?
            var valuePointer: UnsafeRawPointer?
            var size = 0
            while archive_entry_xattr_next(raw, &namePointer, &valuePointer, &size) == ARCHIVE_OK {
                guard let namePointer else { continue }
                let value = valuePointer.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
                xattrs.append((String(cString: namePointer), value))
            }
        }
        return TarEntry(
            path: path, kind: kind, mode: mode_t(archive_entry_perm(raw)) & 0o7777,
            uid: uid_t(truncatingIfNeeded: archive_entry_uid(raw)), gid: gid_t(truncatingIfNeeded: archive_entry_gid(raw)),
            size: Int64(archive_entry_size(raw)), mtime: mtime, atime: atime,
            linkTarget: hardlink ?? symlink ?? "", device: archive_entry_rdev(raw), xattrs: xattrs)
    }
}

private let tarReadCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, UnsafeMutablePointer<UnsafeRawPointer?>?) -> la_ssize_t = { _, context, buffer in
    guard let context, let buffer else { return -1 }
    return la_ssize_t(Unmanaged<TarReader>.fromOpaque(context).takeUnretainedValue().produce(buffer))
}
