import BerthCore
import BerthLinux
#if canImport(Glibc)
import Glibc
#endif

/// One ingest: appends to `<ingest>/data`, hashing as it goes. `commit` verifies size and digest,
/// fsyncs, and renames the data into the blob tree. Closing without commit keeps the ingest so a
/// later writer for the same ref resumes at `offset`.
public final class ContentWriter {
    public let ref: String
    public private(set) var offset: Int64
    public let total: Int64?
    public let expected: Digest?
    private let store: ContentStore
    private let directory: String
    private var fd: Int32
    private var hasher = SHA256Hasher()
    private var finished = false

    init(store: ContentStore, ref: String, directory: String, total: Int64?, expected: Digest?) throws {
        self.store = store
        self.ref = ref
        self.directory = directory
        let fresh = !FileIO.exists(directory + "/data")
        try FileIO.mkdirAll(directory, mode: 0o700)
        if fresh {
            let now = Timestamp.now().unixNanos
            try FileIO.writeAtomically(directory + "/ref", Array(ref.utf8), mode: 0o600, durable: false)
            try FileIO.writeAtomically(directory + "/startedat", Array(String(now).utf8), mode: 0o600, durable: false)
        }
        // A resumed ingest keeps its recorded expectations unless the caller states new ones.
        let recordedTotal = FileIO.readTrimmed(directory + "/total").flatMap { Int64($0) }
        let recordedExpected = FileIO.readTrimmed(directory + "/expected").flatMap { try? Digest(parsing: $0) }
        self.total = total ?? recordedTotal
        self.expected = expected ?? recordedExpected
        if let total { try FileIO.writeAtomically(directory + "/total", Array(String(total).utf8), mode: 0o600, durable: false) }
        if let expected { try FileIO.writeAtomically(directory + "/expected", Array(expected.description.utf8), mode: 0o600, durable: false) }

        fd = open(directory + "/data", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BerthError(.system, "open ingest \"\(ref)\"", cause: errnoText()) }
        // Rebuild the hash state from what an earlier writer left.
        offset = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                Glibc.close(fd)
                throw BerthError(.system, "read ingest \"\(ref)\"", cause: errnoText())
            }
            if n == 0 { break }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            offset += Int64(n)
        }
    }

    deinit {
        if !finished { close() }
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !finished else { throw BerthError(.illegalState, "ingest \"\(ref)\": writer is closed") }
        if let total, offset + Int64(bytes.count) > total {
            throw BerthError(.invalidArgument, "ingest \"\(ref)\": \(offset + Int64(bytes.count)) bytes exceed the expected size \(total)")
        }
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, base + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw BerthError(.system, "write ingest \"\(ref)\"", cause: errnoText())
            }
            done += n
        }
        hasher.update(bytes)
        offset += Int64(bytes.count)
    }

    /// Verifies and publishes the blob. On a mismatch the ingest is discarded: its data can never
    /// become the expected blob.
    @discardableResult
    public func commit(size: Int64? = nil, expected: Digest? = nil) throws -> Digest {
        guard !finished else { throw BerthError(.illegalState, "ingest \"\(ref)\": writer is closed") }
        let wantSize = size ?? total
        let wantDigest = expected ?? self.expected
        let actual = hasher.finalize()
        hasher = SHA256Hasher()
        if let wantSize, wantSize != offset {
            discard()
            throw BerthError(.invalidArgument, "ingest \"\(ref)\": size \(offset) does not match the expected \(wantSize)")
        }
        if let wantDigest, wantDigest != actual {
            discard()
            throw BerthError(.invalidArgument, "ingest \"\(ref)\": digest \(actual) does not match the expected \(wantDigest)")
        }
        guard fsync(fd) == 0 else { throw BerthError(.system, "fsync ingest \"\(ref)\"", cause: errnoText()) }
        let target = store.path(of: actual)
        if store.exists(actual) {
            discard()
            throw BerthError(.alreadyExists, "content \(actual): already exists")
        }
        fchmod(fd, 0o444)
        guard rename(directory + "/data", target) == 0 else {
            let cause = errnoText()
            discard()
            throw BerthError(.system, "commit content \(actual)", cause: cause)
        }
        let dirfd = open(store.root + "/blobs/" + actual.algorithm, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 { fsync(dirfd); Glibc.close(dirfd) }
        discard()
        return actual
    }

    /// Releases the ref but keeps the data, so the ingest can be resumed.
    public func close() {
        guard !finished else { return }
        finished = true
        Glibc.close(fd)
        FileIO.writeAtomicallyIgnoringErrors(directory + "/updatedat", String(Timestamp.now().unixNanos))
        store.release(ref: ref)
    }

    /// Releases the ref and removes the ingest.
    public func discard() {
        if !finished {
            finished = true
            Glibc.close(fd)
            store.release(ref: ref)
        }
        FileIO.removeAll(directory)
    }

    static func status(directory: String) -> IngestStatus? {
        guard let ref = try? FileIO.readString(directory + "/ref") else { return nil }
        var st = stat()
        let size: Int64 = stat(directory + "/data", &st) == 0 ? Int64(st.st_size) : 0
        let started = FileIO.readTrimmed(directory + "/startedat").flatMap { Int64($0) } ?? 0
        return IngestStatus(
            ref: ref, offset: size,
            total: FileIO.readTrimmed(directory + "/total").flatMap { Int64($0) } ?? 0,
            expected: FileIO.readTrimmed(directory + "/expected").flatMap { try? Digest(parsing: $0) },
            startedAt: started, updatedAt: st.st_mtim.unixNanos)
    }
}

extension FileIO {
    static func writeAtomicallyIgnoringErrors(_ path: String, _ text: String) {
        try? FileIO.writeAtomically(path, Array(text.utf8), mode: 0o600, durable: false)
    }
}
