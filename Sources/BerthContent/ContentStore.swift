import BerthCore
import BerthLinux
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Content-addressed blobs under `<root>/blobs/<algorithm>/<encoded>`, written through ingests under
/// `<root>/ingest/<hash of ref>/`. A blob appears only by rename(2) after its digest and size were
/// verified and its data fsynced, so a crash can leave an ingest behind but never a partial blob.
public final class ContentStore: Sendable {
    public let root: String
    /// Refs with an open writer in this process; POSIX record locks don't exclude threads of one process.
    private let openRefs = Mutex<Set<String>>([])

    public init(root: String) throws {
        self.root = root
        try FileIO.mkdirAll(root + "/blobs/sha256", mode: 0o700)
        try FileIO.mkdirAll(root + "/ingest", mode: 0o700)
    }

    public func path(of digest: Digest) -> String {
        "\(root)/blobs/\(digest.algorithm)/\(digest.encoded)"
    }

    public func exists(_ digest: Digest) -> Bool {
        access(path(of: digest), F_OK) == 0
    }

    public func info(_ digest: Digest) throws -> ContentInfo {
        var st = stat()
        guard stat(path(of: digest), &st) == 0 else {
            if errno == ENOENT { throw BerthError(.notFound, "content \(digest): not found") }
            throw BerthError(.system, "stat content \(digest)", cause: errnoText())
        }
        return ContentInfo(digest: digest, size: Int64(st.st_size), createdAt: st.st_ctim.unixNanos, updatedAt: st.st_mtim.unixNanos)
    }

    public func list() throws -> [ContentInfo] {
        var out: [ContentInfo] = []
        for algorithm in (try? FileIO.list(root + "/blobs")) ?? [] {
            for name in (try? FileIO.list("\(root)/blobs/\(algorithm)")) ?? [] {
                // Anything that isn't a well-formed digest (a stray temp file) is not content.
                guard let digest = try? Digest(parsing: "\(algorithm):\(name)"), let info = try? info(digest) else { continue }
                out.append(info)
            }
        }
        return out.sorted { $0.digest < $1.digest }
    }

    public func readAll(_ digest: Digest) throws -> [UInt8] {
        do { return try FileIO.read(path(of: digest)) } catch {
            if !exists(digest) { throw BerthError(.notFound, "content \(digest): not found") }
            throw error
        }
    }

    /// Reads up to `size` bytes at `offset`; fewer at the end of the blob.
    public func read(_ digest: Digest, offset: Int64, size: Int) throws -> [UInt8] {
        let fd = open(path(of: digest), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw BerthError(.notFound, "content \(digest): not found") }
            throw BerthError(.system, "open content \(digest)", cause: errnoText())
        }
        defer { close(fd) }
        var out = [UInt8](repeating: 0, count: max(0, size))
        var done = 0
        while done < out.count {
            let n = out.withUnsafeMutableBytes { buf -> Int in
                guard let base = buf.baseAddress else { return 0 }
                return pread(fd, base + done, buf.count - done, off_t(offset) + off_t(done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw BerthError(.system, "read content \(digest)", cause: errnoText())
            }
            if n == 0 { break }
            done += n
        }
        out.removeSubrange(done...)
        return out
    }

    public func delete(_ digest: Digest) throws {
        guard unlink(path(of: digest)) == 0 else {
            if errno == ENOENT { throw BerthError(.notFound, "content \(digest): not found") }
            throw BerthError(.system, "delete content \(digest)", cause: errnoText())
        }
    }

    /// Opens the writer for `ref`, resuming its data if an earlier writer stopped part way.
    /// Only one writer may hold a ref at a time (containerd's "ref is locked").
    public func writer(ref: String, total: Int64? = nil, expected: Digest? = nil) throws -> ContentWriter {
        guard !ref.isEmpty else { throw BerthError(.invalidArgument, "ingest ref must not be empty") }
        if let expected, exists(expected) {
            throw BerthError(.alreadyExists, "content \(expected): already exists")
        }
        let claimed = openRefs.withLock { refs in refs.insert(ref).inserted }
        guard claimed else { throw BerthError(.illegalState, "ingest ref \"\(ref)\" is locked by another writer") }
        do {
            return try ContentWriter(store: self, ref: ref, directory: ingestDirectory(ref), total: total, expected: expected)
        } catch {
            release(ref: ref)
            throw error
        }
    }

    public func ingests() throws -> [IngestStatus] {
        var out: [IngestStatus] = []
        for name in (try? FileIO.list(root + "/ingest")) ?? [] {
            if let status = ContentWriter.status(directory: "\(root)/ingest/\(name)") { out.append(status) }
        }
        return out.sorted { $0.ref < $1.ref }
    }

    public func status(ref: String) throws -> IngestStatus {
        guard let status = ContentWriter.status(directory: ingestDirectory(ref)) else {
            throw BerthError(.notFound, "ingest ref \"\(ref)\": not found")
        }
        return status
    }

    public func abort(ref: String) throws {
        let dir = ingestDirectory(ref)
        guard FileIO.exists(dir) else { throw BerthError(.notFound, "ingest ref \"\(ref)\": not found") }
        let busy = openRefs.withLock { $0.contains(ref) }
        guard !busy else { throw BerthError(.illegalState, "ingest ref \"\(ref)\" is locked by another writer") }
        FileIO.removeAll(dir)
    }

    /// Writes a whole blob in one call, verifying it against `expected` when given.
    @discardableResult
    public func ingest(_ bytes: [UInt8], expected: Digest? = nil) throws -> Digest {
        let digest = expected ?? SHA256Hasher.digest(bytes)
        if exists(digest) { return digest }
        let writer = try self.writer(ref: "direct-\(digest)-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))", total: Int64(bytes.count), expected: digest)
        do {
            try writer.write(bytes)
            return try writer.commit()
        } catch {
            writer.discard()
            if let e = error as? BerthError, e.code == .alreadyExists { return digest }
            throw error
        }
    }

    func ingestDirectory(_ ref: String) -> String {
        // Refs are arbitrary strings: hash them into a safe, bounded directory name.
        "\(root)/ingest/\(SHA256Hasher.digest(Array(ref.utf8)).encoded)"
    }

    func release(ref: String) {
        _ = openRefs.withLock { $0.remove(ref) }
    }
}
