import BerthCore
#if canImport(Glibc)
import Glibc
#endif

/// Metadata timestamps are Unix nanoseconds (like BerthContent's ContentInfo), plus the RFC 3339
/// parsing that lease expiry labels need.
enum UnixTime {
    static func nowNanos() -> Int64 {
        let ts = Timestamp.now()
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// `containerd.io/gc.expire` values (Go's time.RFC3339Nano); nil when malformed.
    static func parseRFC3339(_ text: String) -> Int64? { Timestamp.unixNanos(rfc3339: text) }
}
