import BerthContent
import BerthCore

/// An archive read as a (possibly compressed) tar stream in a single pass, since `docker load`
/// input may be a pipe: small metadata files are kept in memory, everything else is streamed into
/// the content store as it goes by, and blobs named by digest are verified on the way.
final class TarImportSource: ImportSource {
    let label: String
    private let store: ContentStore

    private enum Member {
        case bytes([UInt8])
        case blob(Digest, Int64)
    }

    private var members: [String: Member] = [:]
    /// Symlink and hardlink members: archive path -> archive path.
    private var links: [String: String] = [:]

    init(reader: TarReader, store: ContentStore, label: String) throws {
        self.label = label
        self.store = store
        while let entry = try reader.next() {
            let path = ArchivePath.clean(entry.path)
            guard !path.isEmpty else { continue }
            switch entry.kind {
            case .regular:
                if Self.isMetadata(path, size: entry.size) {
                    members[path] = .bytes(try reader.readAll(limit: ArchivePath.metadataLimit, entryPath: path))
                } else {
                    let expected = path.hasPrefix("blobs/") ? ArchivePath.impliedDigest(path) : nil
                    let sink = try BlobSink(store: store, label: "\(label): \(path)", expected: expected)
                    var written: Int64 = 0
                    try reader.readData { chunk, offset in
                        // Sparse members (never produced by image tools) get their holes as zeros.
                        if offset > written {
                            try sink.write([UInt8](repeating: 0, count: Int(offset - written)))
                            written = offset
                        }
                        try sink.write(chunk)
                        written += Int64(chunk.count)
                    }
                    if entry.size > written { try sink.write([UInt8](repeating: 0, count: Int(entry.size - written))) }
                    let (digest, size) = try sink.commit()
                    members[path] = .blob(digest, size)
                }
            case .symlink:
                // Old `docker save` links duplicate layers: `<id>/layer.tar -> ../<other>/layer.tar`.
                let base = entry.linkTarget.hasPrefix("/") ? "" : path.split(separator: "/").dropLast().joined(separator: "/")
                links[path] = ArchivePath.clean(base + "/" + entry.linkTarget)
            case .hardlink:
                links[path] = ArchivePath.clean(entry.linkTarget)
            default:
                continue
            }
        }
    }

    private static func isMetadata(_ path: String, size: Int64) -> Bool {
        guard size <= Int64(ArchivePath.metadataLimit), !path.hasPrefix("blobs/") else { return false }
        return path.hasSuffix(".json") || path == "oci-layout" || path == "repositories" || path.hasSuffix("/VERSION")
    }

    private func member(_ path: String) -> Member? {
        var current = ArchivePath.clean(path)
        for _ in 0..<16 {
            if let found = members[current] { return found }
            guard let next = links[current] else { return nil }
            current = next
        }
        return nil
    }

    func exists(_ path: String) -> Bool {
        member(path) != nil
    }

    func metadata(_ path: String) throws -> [UInt8] {
        switch member(path) {
        case .bytes(let bytes):
            return bytes
        case .blob(let digest, let size):
            guard size <= Int64(ArchivePath.metadataLimit) else {
                throw BerthError(.invalidArgument, "\(label): \(path): larger than \(ArchivePath.metadataLimit) bytes")
            }
            return try store.readAll(digest)
        case nil:
            throw BerthError(.notFound, "\(label): \(path): missing from the archive")
        }
    }

    func blob(_ path: String, expected: Digest?) throws -> (digest: Digest, size: Int64) {
        switch member(path) {
        case .bytes(let bytes):
            return try BlobSink.ingest(bytes, store: store, label: "\(label): \(path)", expected: expected)
        case .blob(let digest, let size):
            if let expected, expected != digest {
                throw BerthError(.invalidArgument, "\(label): \(path): digest \(digest) does not match the expected \(expected)")
            }
            return (digest, size)
        case nil:
            throw BerthError(.notFound, "\(label): \(path): missing from the archive")
        }
    }
}
