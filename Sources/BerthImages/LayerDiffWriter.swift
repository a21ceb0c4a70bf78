import BerthContent
import BerthCore
import BerthLinux
import CArchive
#if canImport(Glibc)
import Glibc
#endif

/// Turns an overlayfs upper directory (a container's changes) into an OCI layer: a pax tar, gzip
/// compressed, written to a file descriptor, with the diffID (digest of the tar) and the blob
/// digest computed on the way. Entries come in depth-first, name-sorted order, parents first, with
/// their ownership, modes, times, symlink targets, hardlinks and extended attributes (overlayfs's own
/// left out). Overlay whiteouts become OCI ones: a 0:0 character device `x` is written as the empty
/// file `.wh.x`, an opaque directory gets a `.wh..wh..opq` entry after its own.
public struct LayerDiffWriter: Sendable {
    public struct Result: Sendable, Equatable {
        /// sha256 of the uncompressed tar: the config's rootfs.diff_ids entry.
        public var diffID: Digest
        /// sha256 of the gzip blob: the manifest's layer digest.
        public var digest: Digest
        public var size: Int64
        public var uncompressedSize: Int64
    }

    public init() {}

    /// Writes the layer for `upperDirectory` into `fd` (the caller keeps ownership).
    public func write(upperDirectory: String, to fd: Int32) throws -> Result {
        let output = try LayerOutput(fd: fd, label: "layer of \(upperDirectory)")
        guard let archive = archive_write_new() else { throw BerthError(.system, "\(output.label): cannot create a tar writer") }
        defer { archive_write_free(archive) }
        archive_write_set_format_pax_restricted(archive)
        archive_write_set_bytes_in_last_block(archive, 1)
        let context = Unmanaged.passUnretained(output).toOpaque()
        let opened = archive_write_open2(archive, context, nil, { _, client, buffer, length in
            guard let client, let buffer else { return 0 }
            let output = Unmanaged<LayerOutput>.fromOpaque(client).takeUnretainedValue()
            do {
                try output.consume(UnsafeRawBufferPointer(start: buffer, count: length))
                return la_ssize_t(length)
            } catch {
                output.failure = error
                return -1
            }
        }, nil, nil)
        guard opened == ARCHIVE_OK else { throw output.failure ?? BerthError(.system, "\(output.label): cannot open the tar writer") }
        guard let disk = archive_read_disk_new() else { throw BerthError(.system, "\(output.label): cannot create a disk reader") }
        defer { archive_read_free(disk) }
        archive_read_disk_set_behavior(disk, ARCHIVE_READDISK_NO_ACL | ARCHIVE_READDISK_NO_FFLAGS)
        var walker = Walker(archive: archive, disk: disk, root: upperDirectory, label: output.label)
        do {
            try walker.walk(relative: "")
            guard archive_write_close(archive) == ARCHIVE_OK else { throw walker.failure("close") }
        } catch {
            throw output.failure ?? error
        }
        return try output.finish()
    }

    /// Receives the tar as libarchive produces it: hashes it (diffID), compresses it, hashes and
    /// writes the compressed bytes.
    final class LayerOutput {
        let fd: Int32
        let label: String
        let uncompressed = SHA256Hasher()
        let compressed = SHA256Hasher()
        var uncompressedSize: Int64 = 0
        var compressedSize: Int64 = 0
        var failure: (any Error)?
        private var gzip: GzipCompressor?

        init(fd: Int32, label: String) throws {
            self.fd = fd
            self.label = label
            gzip = try GzipCompressor { [unowned self] bytes in try self.emit(bytes) }
        }

        func consume(_ bytes: UnsafeRawBufferPointer) throws {
            uncompressed.update(bytes)
            uncompressedSize += Int64(bytes.count)
            try gzip?.write(bytes)
        }

        private func emit(_ bytes: UnsafeRawBufferPointer) throws {
            guard let base = bytes.baseAddress else { return }
            compressed.update(bytes)
            compressedSize += Int64(bytes.count)
            var done = 0
            while done < bytes.count {
                let n = Glibc.write(fd, base + done, bytes.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw BerthError(.system, "\(label): write", cause: errnoText())
                }
                done += n
            }
        }

        func finish() throws -> Result {
            try gzip?.finish()
            gzip = nil
            return Result(diffID: uncompressed.finalize(), digest: compressed.finalize(), size: compressedSize,
                          uncompressedSize: uncompressedSize)
        }
    }
}
