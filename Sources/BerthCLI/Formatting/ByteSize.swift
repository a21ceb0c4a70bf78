/// docker/go-units size parsing for flags: RAMInBytes (binary multiples: `64m` = 64 MiB, used by
/// --memory, --shm-size, --memory-swap) and FromHumanSize (decimal: `1kB` = 1000).
public enum ByteSize {
    /// units.RAMInBytes; nil for text docker rejects (`invalid size: 'x'`).
    public static func ram(_ text: String) -> Int64? { parse(text, base: 1024) }

    /// units.FromHumanSize.
    public static func human(_ text: String) -> Int64? { parse(text, base: 1000) }

    /// `^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$`, as go-units matches it.
    static func parse(_ text: String, base: Double) -> Int64? {
        var chars = Substring(text)
        var number = ""
        while let c = chars.first, c.isASCII, c.isNumber || c == "." {
            number.append(c)
            chars.removeFirst()
        }
        guard !number.isEmpty, number.first != ".", number.last != ".", !number.contains(".."),
              let value = Double(number) else { return nil }
        if chars.first == " " { chars.removeFirst() }
        var multiplier: Double = 1
        if let c = chars.first, let power = "kmgtp".firstIndex(of: Character(c.lowercased())) {
            multiplier = pow(base, "kmgtp".distance(from: "kmgtp".startIndex, to: power) + 1)
            chars.removeFirst()
        }
        if chars.first == "i" || chars.first == "I" { chars.removeFirst() }
        if chars.first == "b" || chars.first == "B" { chars.removeFirst() }
        guard chars.isEmpty else { return nil }
        return Int64(value * multiplier)
    }

    static func pow(_ base: Double, _ n: Int) -> Double {
        var r: Double = 1
        for _ in 0..<n { r *= base }
        return r
    }
}
