#if canImport(Glibc)
import Glibc
#endif

/// RFC 3339 timestamps without Foundation (the runtime path avoids it).
public enum Timestamp {
    public static func now() -> timespec {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return ts
    }

    /// 2026-11-23T13:23:36.123456789Z, as Go's time.RFC3339Nano prints UTC (trailing zeros trimmed).
    public static func rfc3339Nano(_ ts: timespec) -> String {
        var t = time_t(ts.tv_sec)
        var parts = tm()
        gmtime_r(&t, &parts)
        func pad(_ v: Int32, _ width: Int = 2) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        var frac = ""
        if ts.tv_nsec > 0 {
            var digits = String(ts.tv_nsec)
            digits = String(repeating: "0", count: 9 - digits.count) + digits
            while digits.last == "0" { digits.removeLast() }
            frac = "." + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))T"
            + "\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec))\(frac)Z"
    }
}
