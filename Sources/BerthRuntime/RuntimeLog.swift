import BerthCore
import BerthLinux
import Glibc

/// The runtime's log: runc's `--log` file in text or json form. containerd reads the last json
/// `error` line from it to report why a runtime call failed, so errors always go here as well as to
/// stderr.
public struct RuntimeLog: Sendable {
    public enum Format: String, Sendable { case text, json }

    public var path: String?
    public var format: Format
    public var debug: Bool

    public init(path: String?, format: Format, debug: Bool) {
        self.path = path
        self.format = format
        self.debug = debug
    }

    public func error(_ message: String) { write(level: "error", message) }
    public func warning(_ message: String) { write(level: "warning", message) }
    /// Autoclosure: the message is only built when --debug is on (these sit on the start-up path).
    public func debugLog(_ message: @autoclosure () -> String) { if debug { write(level: "debug", message()) } }

    public var hasFile: Bool { path.map { !$0.isEmpty && $0 != "/dev/stderr" } ?? false }

    func write(level: String, _ message: String) {
        let time = Timestamp.rfc3339Nano(Timestamp.now())
        let line: String
        switch format {
        case .json:
            line = "{\"level\":\"\(level)\",\"msg\":\(jsonString(message)),\"time\":\"\(time)\"}\n"
        case .text:
            line = "time=\"\(time)\" level=\(level) msg=\(jsonString(message))\n"
        }
        if let path, !path.isEmpty, path != "/dev/stderr" {
            let fd = berthOpen(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            if fd >= 0 {
                try? FileIO.writeAll(fd: fd, Array(line.utf8), what: path)
                close(fd)
                return
            }
        }
        // Without a log file, warnings and debug lines go to stderr in plain form.
        try? FileIO.writeAll(fd: 2, Array("berth-runtime: \(level): \(message)\n".utf8), what: "stderr")
    }
}

/// JSON string literal with escaping, without an encoder (used on error paths).
public func jsonString(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
