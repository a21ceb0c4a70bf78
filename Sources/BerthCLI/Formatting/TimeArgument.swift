#if canImport(Glibc)
import Glibc
#endif

/// docker's timetypes.GetTimestamp for `--since`/`--until`: a Go duration relative to now ("10m",
/// "1h30m"), a unix time ("1700000000" or "1700000000.5"), or an RFC 3339 date/time.
public enum TimeArgument {
    public static func timestamp(_ value: String, now: Int64) throws -> String {
        if let d = goDuration(value) { return String(now - Int64(d)) }
        if Double(value) != nil { return value }
        if let t = rfc3339(value) { return String(t) }
        throw CLIError.message("failed to parse value as time or duration: \"\(value)\"", status: 1)
    }

    /// time.ParseDuration in seconds (h, m, s, ms, us, ns units; fractions allowed).
    static func goDuration(_ s: String) -> Double? {
        var chars = Substring(s)
        var negative = false
        if chars.hasPrefix("-") { negative = true; chars = chars.dropFirst() }
        guard !chars.isEmpty else { return nil }
        var total = 0.0
        while !chars.isEmpty {
            let number = chars.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let v = Double(number) else { return nil }
            chars = chars.dropFirst(number.count)
            let unit = chars.prefix { !$0.isNumber && $0 != "." }
            chars = chars.dropFirst(unit.count)
            switch unit {
            case "h": total += v * 3600
            case "m": total += v * 60
            case "s": total += v
            case "ms": total += v / 1e3
            case "us", "µs": total += v / 1e6
            case "ns": total += v / 1e9
            default: return nil
            }
        }
        return negative ? -total : total
    }

    /// "2006-01-02", "2006-01-02T15:04:05", optionally with "Z" (UTC); without a zone the local zone.
    static func rfc3339(_ s: String) -> Int64? {
        var text = s
        var utc = false
        if text.hasSuffix("Z") { utc = true; text.removeLast() }
        let parts = text.split(separator: "T", maxSplits: 1)
        let date = parts.first?.split(separator: "-").compactMap { Int32($0) } ?? []
        guard date.count == 3 else { return nil }
        var clock: [Int32] = [0, 0, 0]
        if parts.count == 2 {
            let c = parts[1].split(separator: ":").map { Int32(Double($0) ?? -1) }
            guard c.count >= 2, !c.contains(-1) else { return nil }
            clock = c + Array(repeating: 0, count: max(0, 3 - c.count))
        }
        var t = tm()
        t.tm_year = date[0] - 1900
        t.tm_mon = date[1] - 1
        t.tm_mday = date[2]
        t.tm_hour = clock[0]
        t.tm_min = clock[1]
        t.tm_sec = clock[2]
        t.tm_isdst = -1
        return Int64(utc ? timegm(&t) : mktime(&t))
    }
}
