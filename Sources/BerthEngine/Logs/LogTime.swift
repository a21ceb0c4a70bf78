import BerthCore
import Glibc

/// Timestamps as the json-file driver writes and reads them: RFC 3339 with nanoseconds, UTC.
public enum LogTime {
    public static func now() -> Int64 {
        let ts = Timestamp.now()
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// Go's time.RFC3339Nano in UTC: trailing zeros of the fraction trimmed.
    public static func format(_ nanos: Int64) -> String {
        var ts = timespec()
        let (seconds, remainder) = nanos.quotientAndRemainder(dividingBy: 1_000_000_000)
        ts.tv_sec = remainder < 0 ? Int(seconds - 1) : Int(seconds)
        ts.tv_nsec = remainder < 0 ? Int(remainder + 1_000_000_000) : Int(remainder)
        return Timestamp.rfc3339Nano(ts)
    }

    /// RFC3339 with exactly nine fraction digits (moby's RFC3339NanoFixed), as `docker logs -t` prints it.
    public static func formatFixed(_ nanos: Int64) -> String {
        let text = format(nanos)
        let fraction = nanos.quotientAndRemainder(dividingBy: 1_000_000_000).remainder
        let digits = String(fraction < 0 ? fraction + 1_000_000_000 : fraction)
        let nine = String(repeating: "0", count: 9 - digits.count) + digits
        let seconds = text.firstIndex(of: ".").map { String(text[..<$0]) } ?? String(text.dropLast())
        return seconds + "." + nine + "Z"
    }

    /// Parses `2006-01-02T15:04:05[.fraction](Z|±hh:mm)` into nanoseconds since the epoch.
    public static func parse(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        func digits(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= b.count else { return nil }
            var v = 0
            for i in at..<(at + count) {
                guard b[i] >= 48 && b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard b.count >= 20, let year = digits(0, 4), b[4] == UInt8(ascii: "-"), let month = digits(5, 2),
              b[7] == UInt8(ascii: "-"), let day = digits(8, 2), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
              let hour = digits(11, 2), b[13] == UInt8(ascii: ":"), let minute = digits(14, 2), b[16] == UInt8(ascii: ":"),
              let second = digits(17, 2)
        else { return nil }
        var i = 19
        var fraction: Int64 = 0
        if i < b.count && b[i] == UInt8(ascii: ".") {
            i += 1
            var n = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if n < 9 { fraction = fraction * 10 + Int64(b[i] - 48) }
                n += 1
                i += 1
            }
            guard n > 0 else { return nil }
            for _ in n..<max(n, 9) { fraction *= 10 }
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            guard let oh = digits(i + 1, 2), i + 3 < b.count, b[i + 3] == UInt8(ascii: ":"), let om = digits(i + 4, 2) else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = Int64(timegm(&parts)) - Int64(offset)
        return seconds * 1_000_000_000 + fraction
    }
}
