#if canImport(Glibc)
import Glibc
#endif

/// Streams the tar of a local path through a pipe: a thread packs into the write end while the
/// request body reads the other, so `cp` of a large tree never holds the archive in memory.
public final class TarPipe: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var failure: CLIError?
    private var bytes = 0
    let readFD: Int32

    public init(_ path: String, rootName: String, followLink: Bool) throws {
        pthread_mutex_init(&mutex, nil)
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw CLIError.message("pipe: \(LocalFile.errnoText())", status: 1) }
        readFD = fds[0]
        let writeFD = fds[1]
        try DetachedThread.start { [self] in
            let out = OutputStream(fd: writeFD)
            do {
                try TarPacker(followLink: followLink) { out.write($0) }.pack(path, as: rootName)
            } catch let e as CLIError {
                record(e)
            } catch {
                record(.message("\(error)", status: 1))
            }
            close(writeFD)
        }
    }

    func record(_ e: CLIError) {
        pthread_mutex_lock(&mutex)
        failure = e
        pthread_mutex_unlock(&mutex)
    }

    /// The next piece of the archive for a chunked request body; nil at its end.
    public func next() throws -> [UInt8]? {
        let piece = try InputBody.reader(readFD)()
        if let piece {
            pthread_mutex_lock(&mutex)
            bytes += piece.count
            pthread_mutex_unlock(&mutex)
        } else {
            close(readFD)
        }
        return piece
    }

    /// Bytes sent so far, and the packing error if one happened.
    public var result: (Int, CLIError?) {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return (bytes, failure)
    }
}
