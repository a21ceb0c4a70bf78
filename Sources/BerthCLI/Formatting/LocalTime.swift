#if canImport(Glibc)
import Glibc
#endif

/// Go's time formatting in the local zone, for CreatedAt columns (`2026-11-23 16:47:58 +0000 UTC`)
/// and events (`2026-11-23T16:47:58.046689400+00:00`).
public enum LocalTime {
    static func parts(_ seconds: Int64) -> tm {
        var t = time_t(seconds)
        var parts = tm()
        localtime_r(&t, &parts)
        return parts
    }

    static func pad(_ v: Int, _ width: Int = 2) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    static func offset(_ p: tm, colon: Bool) -> String {
        let off = Int(p.tm_gmtoff)
        let sign = off < 0 ? "-" : "+"
        let a = abs(off)
        return sign + pad(a / 3600) + (colon ? ":" : "") + pad((a % 3600) / 60)
    }

    /// time.Time.String(): "2006-01-02 15:04:05 -0700 MST".
    public static func goString(unix seconds: Int64) -> String {
        let p = parts(seconds)
        let zone = p.tm_zone.map { String(cString: $0) } ?? "UTC"
        return "\(pad(Int(p.tm_year) + 1900, 4))-\(pad(Int(p.tm_mon) + 1))-\(pad(Int(p.tm_mday))) "
            + "\(pad(Int(p.tm_hour))):\(pad(Int(p.tm_min))):\(pad(Int(p.tm_sec))) \(offset(p, colon: false)) \(zone)"
    }

    /// RFC3339Nano in the local zone with all nine digits, as `docker events` prints (`time.RFC3339Nano`
    /// with the jsonmessage layout "2006-01-02T15:04:05.000000000Z07:00").
    public static func rfc3339Nano(unix seconds: Int64, nanos: Int64) -> String {
        let p = parts(seconds)
        let zone = p.tm_gmtoff == 0 ? "Z" : offset(p, colon: true)
        return "\(pad(Int(p.tm_year) + 1900, 4))-\(pad(Int(p.tm_mon) + 1))-\(pad(Int(p.tm_mday)))T"
            + "\(pad(Int(p.tm_hour))):\(pad(Int(p.tm_min))):\(pad(Int(p.tm_sec))).\(pad(Int(nanos), 9))\(zone)"
    }

    public static func now() -> (seconds: Int64, nanos: Int64) {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return (Int64(ts.tv_sec), Int64(ts.tv_nsec))
    }

    /// RFC3339 (seconds) for parsing of `--since 2026-01-02T03:04:05` is not needed: the CLI sends
    /// durations and unix times, handled by `TimeArgument`.
}
