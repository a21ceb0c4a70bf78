#if canImport(Glibc)
import Glibc
#endif

/// Whole-file reads and writes for the CLI's local files (--env-file, --cidfile, save -o, load -i).
public enum LocalFile {
    public static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CLIError.message("open \(path): \(errnoText())", status: 125) }
        defer { close(fd) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            out.append(contentsOf: buf[0..<n])
        }
        return out
    }

    /// Opens for writing (create/truncate) and returns an output stream the caller closes.
    public static func create(_ path: String, exclusive: Bool = false) throws -> OutputStream {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC)
        let fd = open(path, flags, 0o666)
        guard fd >= 0 else { throw CLIError.message("open \(path): \(errnoText())", status: 1) }
        return OutputStream(fd: fd)
    }

    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Go's error text for errno ("no such file or directory").
    public static func errnoText() -> String {
        String(cString: strerror(errno)).lowercased()
    }
}


extension LocalFile {
    /// st_mode of `path` (following symlinks), nil when it does not exist.
    public static func mode(_ path: String) -> mode_t? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return st.st_mode
    }

    public static func isDirectory(_ path: String) -> Bool {
        mode(path).map { ($0 & S_IFMT) == S_IFDIR } ?? false
    }
}
