import BerthCore
import Glibc

/// The shim's own log: plain lines on stderr, which the daemon points at `bundle/shim.log`.
enum ShimLog {
    static func info(_ message: String) { write("info", message) }
    static func warning(_ message: String) { write("warning", message) }
    static func error(_ message: String) { write("error", message) }

    private static func write(_ level: String, _ message: String) {
        let line = "\(Timestamp.rfc3339Nano(Timestamp.now())) \(level) \(message)\n"
        let bytes = Array(line.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}

func errnoText() -> String { BerthCore.errnoText(errno) }
