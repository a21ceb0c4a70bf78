import BerthContent
import BerthCore
import BerthLinux
#if canImport(Glibc)
import Glibc
#endif

/// An unpacked archive (an OCI layout directory). Paths resolve inside the directory, symlinks
/// included, so a hostile layout cannot make the importer read other files.
struct DirectoryImportSource: ImportSource {
    let root: String
    let store: ContentStore
    var label: String { root }

    func exists(_ path: String) -> Bool {
        guard let resolved = try? SecureJoin.resolve(root: root, ArchivePath.clean(path)) else { return false }
        var st = stat()
        return stat(resolved, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    func metadata(_ path: String) throws -> [UInt8] {
        let fd = try open(path)
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw BerthError(.system, "\(label): \(path): stat", cause: errnoText()) }
        guard st.st_size <= ArchivePath.metadataLimit else {
            throw BerthError(.invalidArgument, "\(label): \(path): larger than \(ArchivePath.metadataLimit) bytes")
        }
        return try FileIO.readAll(fd: fd, what: "\(label): \(path)")
    }

    func blob(_ path: String, expected: Digest?) throws -> (digest: Digest, size: Int64) {
        let fd = try open(path)
        defer { close(fd) }
        let sink = try BlobSink(store: store, label: "\(label): \(path)", expected: expected)
        try sink.copy(from: fd)
        return try sink.commit()
    }

    private func open(_ path: String) throws -> Int32 {
        let resolved = try SecureJoin.resolve(root: root, ArchivePath.clean(path))
        let fd = Glibc.open(resolved, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw BerthError(.notFound, "\(label): \(path): missing from the archive") }
            throw BerthError(.system, "\(label): \(path): open", cause: errnoText())
        }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw BerthError(.invalidArgument, "\(label): \(path): not a regular file")
        }
        return fd
    }
}
