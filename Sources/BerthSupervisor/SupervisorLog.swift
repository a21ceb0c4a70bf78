import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Line-oriented log on stderr: `time level message`, as containerd writes it, so journald or a log
/// file keeps one event per line.
public enum SupervisorLog {
    nonisolated(unsafe) public static var debugEnabled = false

    public static func info(_ message: String) { write("info", message) }
    public static func warning(_ message: String) { write("warning", message) }
    public static func error(_ message: String) { write("error", message) }
    public static func debug(_ message: String) { if debugEnabled { write("debug", message) } }

    static func write(_ level: String, _ message: String) {
        let line = "time=\"\(Date().formatted(.iso8601))\" level=\(level) msg=\"\(message)\"\n"
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
