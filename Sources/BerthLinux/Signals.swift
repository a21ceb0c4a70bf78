import BerthCore

/// Signal names and numbers on Linux x86-64/arm64 (the generic table).
public enum Signals {
    public static let table: [(String, Int32)] = [
        ("HUP", 1), ("INT", 2), ("QUIT", 3), ("ILL", 4), ("TRAP", 5), ("ABRT", 6), ("IOT", 6), ("BUS", 7),
        ("FPE", 8), ("KILL", 9), ("USR1", 10), ("SEGV", 11), ("USR2", 12), ("PIPE", 13), ("ALRM", 14),
        ("TERM", 15), ("STKFLT", 16), ("CHLD", 17), ("CONT", 18), ("STOP", 19), ("TSTP", 20), ("TTIN", 21),
        ("TTOU", 22), ("URG", 23), ("XCPU", 24), ("XFSZ", 25), ("VTALRM", 26), ("PROF", 27), ("WINCH", 28),
        ("IO", 29), ("POLL", 29), ("PWR", 30), ("SYS", 31),
    ]

    /// "KILL", "SIGKILL", "sigkill", "9" and "RTMIN+3" all parse.
    public static func parse(_ text: String) throws -> Int32 {
        if let n = Int32(text) {
            guard n > 0 && n < 65 else { throw BerthError(.invalidArgument, "invalid signal \"\(text)\"") }
            return n
        }
        var name = text.uppercased()
        if name.hasPrefix("SIG") { name.removeFirst(3) }
        if let hit = table.first(where: { $0.0 == name }) { return hit.1 }
        if name.hasPrefix("RTMIN") || name.hasPrefix("RTMAX") {
            let base: Int32 = name.hasPrefix("RTMIN") ? 34 : 64
            let rest = name.dropFirst(5)
            if rest.isEmpty { return base }
            if let off = Int32(rest), (34...64).contains(base + off) { return base + off }
        }
        throw BerthError(.invalidArgument, "unknown signal \"\(text)\"")
    }
}
