import BerthCore
#if canImport(Glibc)
import Glibc
#endif

/// Timestamps are stored and reported as Unix nanoseconds (like BerthContent's ContentInfo).
enum UnixTime {
    static func nowNanos() -> Int64 {
        let ts = Timestamp.now()
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}
