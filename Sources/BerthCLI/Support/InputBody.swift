#if canImport(Glibc)
import Glibc
#endif

/// A chunked request body read from a file or stdin (load, import, cp -), 64 KiB at a time.
public enum InputBody {
    public static func open(_ path: String?) throws -> Int32 {
        guard let path, !path.isEmpty, path != "-" else { return 0 }
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CLIError.message("open \(path): \(LocalFile.errnoText())", status: 1) }
        return fd
    }

    public static func reader(_ fd: Int32) -> () throws -> [UInt8]? {
        var buf = [UInt8](repeating: 0, count: 65536)
        return {
            while true {
                let n = buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n < 0 { throw CLIError.message("read: \(LocalFile.errnoText())", status: 1) }
                return n == 0 ? nil : Array(buf[0..<n])
            }
        }
    }
}
