import BerthCore
import BerthLinux
#if canImport(Glibc)
import Glibc
#endif

/// Where an export's files go: a directory or a tar stream.
protocol ExportSink {
    func directory(_ path: String) throws
    func file(_ path: String, bytes: [UInt8]) throws
    func file(_ path: String, size: Int64, body: (_ write: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws
}

extension TarWriter: ExportSink {
    func directory(_ path: String) throws { try addDirectory(path) }
    func file(_ path: String, bytes: [UInt8]) throws { try addFile(path, bytes: bytes) }
    func file(_ path: String, size: Int64, body: (_ write: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        try addFile(path, size: size, body: body)
    }
}

/// Writes into a directory; each file appears by rename, so a reader never sees half a blob.
struct DirectoryExportSink: ExportSink {
    let root: String

    func directory(_ path: String) throws {
        try FileIO.mkdirAll(root + "/" + path, mode: 0o755)
    }

    func file(_ path: String, bytes: [UInt8]) throws {
        try FileIO.writeAtomically(root + "/" + path, bytes, mode: 0o644, durable: false)
    }

    func file(_ path: String, size: Int64, body: (_ write: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let final = root + "/" + path
        let temporary = final + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BerthError(.system, "create \(temporary)", cause: errnoText()) }
        var closed = false
        do {
            try body { chunk in
                guard let base = chunk.baseAddress else { return }
                var done = 0
                while done < chunk.count {
                    let n = write(fd, base + done, chunk.count - done)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw BerthError(.system, "write \(temporary)", cause: errnoText())
                    }
                    done += n
                }
            }
            close(fd)
            closed = true
            guard rename(temporary, final) == 0 else { throw BerthError(.system, "rename \(temporary)", cause: errnoText()) }
        } catch {
            if !closed { close(fd) }
            unlink(temporary)
            throw error
        }
    }
}
