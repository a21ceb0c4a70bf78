import BerthContent
import BerthCore
#if canImport(Glibc)
import Glibc
#endif

/// Streams one blob into the content store, hashing it on the way so the digest is known (and
/// checked against `expected`) before anything is published. A blob already in the store is fine.
final class BlobSink {
    let label: String
    private let writer: ContentWriter
    private let hasher = SHA256Hasher()
    private(set) var size: Int64 = 0
    private let expected: Digest?

    /// `label` names the blob in errors (an archive member, a layer).
    init(store: ContentStore, label: String, expected: Digest? = nil) throws {
        self.label = label
        self.expected = expected
        let ref = "berth-images-\(getpid())-\(UInt64.random(in: 0..<UInt64.max))"
        writer = try store.writer(ref: ref)
    }

    deinit { writer.discard() }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        hasher.update(bytes)
        try writer.write(bytes)
        size += Int64(bytes.count)
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Verifies and publishes the blob; the store's copy is kept when the digest was already there.
    func commit() throws -> (digest: Digest, size: Int64) {
        let digest = hasher.finalize()
        if let expected, expected != digest {
            writer.discard()
            throw BerthError(.invalidArgument, "\(label): digest \(digest) does not match the expected \(expected)")
        }
        do {
            try writer.commit(size: size, expected: digest)
        } catch let error as BerthError where error.code == .alreadyExists {
            // Same bytes already stored.
        }
        return (digest, size)
    }

    /// Copies everything readable from `fd` into the sink.
    func copy(from fd: Int32) throws {
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer, chunk)
            if n < 0 {
                if errno == EINTR { continue }
                throw BerthError(.system, "\(label): read", cause: errnoText())
            }
            if n == 0 { return }
            try write(UnsafeRawBufferPointer(start: buffer, count: n))
        }
    }

    /// Writes a whole in-memory blob.
    static func ingest(_ bytes: [UInt8], store: ContentStore, label: String, expected: Digest? = nil) throws -> (digest: Digest, size: Int64) {
        let digest = SHA256Hasher.digest(bytes)
        if let expected, expected != digest {
            throw BerthError(.invalidArgument, "\(label): digest \(digest) does not match the expected \(expected)")
        }
        if store.exists(digest) { return (digest, Int64(bytes.count)) }
        try store.ingest(bytes, expected: digest)
        return (digest, Int64(bytes.count))
    }
}
