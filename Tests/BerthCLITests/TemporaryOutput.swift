import Glibc
@testable import BerthCLI

/// A temp file standing in for stdout/stderr so in-process command runs can be checked.
final class TemporaryOutput {
    let path: String
    let stream: OutputStream

    init() throws {
        var template = Array("/tmp/berth-cli-out-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buf -> Int32 in
            guard let base = buf.baseAddress else { return -1 }
            return mkstemp(base)
        }
        path = String(cString: template)
        stream = OutputStream(fd: fd)
    }

    func text() -> String {
        guard let f = fopen(path, "r") else { return "" }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }

    deinit {
        close(stream.fd)
        unlink(path)
    }
}
