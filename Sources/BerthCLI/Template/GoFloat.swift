#if canImport(Glibc)
import Glibc
#endif

/// Float formatting as Go's strconv does it. Swift's `description` already yields the shortest digits
/// that round-trip (the same digits Go's `-1` precision picks); only the layout differs, so the digits
/// are extracted and laid out Go's way. Fixed precisions go through C's snprintf, whose rounding matches.
enum GoFloat {
    /// Shortest decimal digits of |f| and the decimal point position (value = 0.d1d2... × 10^point).
    static func shortestDigits(_ f: Double) -> (digits: [UInt8], point: Int) {
        let text = Array(abs(f).description.utf8)
        var mantissa: [UInt8] = []
        var exponent = 0
        var pointIndex: Int?
        var i = 0
        while i < text.count {
            let c = text[i]
            if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                exponent = Int(String(decoding: text[(i + 1)...], as: UTF8.self)) ?? 0
                break
            }
            if c == UInt8(ascii: ".") { pointIndex = mantissa.count } else { mantissa.append(c) }
            i += 1
        }
        var point = (pointIndex ?? mantissa.count) + exponent
        while let first = mantissa.first, first == UInt8(ascii: "0"), mantissa.count > 1 { mantissa.removeFirst(); point -= 1 }
        while let last = mantissa.last, last == UInt8(ascii: "0"), mantissa.count > 1 { mantissa.removeLast() }
        if mantissa == [UInt8(ascii: "0")] { return ([UInt8(ascii: "0")], 1) }
        return (mantissa, point)
    }

    /// Go's `%v` / `strconv.FormatFloat(f, 'g', -1, 64)`.
    static func shortestG(_ f: Double) -> String {
        if f.isNaN { return "NaN" }
        if f.isInfinite { return f < 0 ? "-Inf" : "+Inf" }
        let (digits, point) = shortestDigits(f)
        let exp = point - 1
        let sign = f < 0 || (f == 0 && f.sign == .minus) ? "-" : ""
        // strconv's shortest %g switches to the exponent form when exp < -4 || exp >= 6 (eprec is 6
        // for the shortest precision): 1e+06, 1.234567e+06, but 100000.
        if exp < -4 || exp >= 6 {
            return sign + eLayout(digits, exp)
        }
        return sign + fLayout(digits, point)
    }

    /// Go's encoding/json layout: 'f' unless the magnitude is below 1e-6 or at least 1e21.
    static func json(_ f: Double) -> String {
        if f.isNaN || f.isInfinite { return "null" }
        let a = abs(f)
        let (digits, point) = shortestDigits(f)
        let sign = f < 0 ? "-" : ""
        if a != 0 && (a < 1e-6 || a >= 1e21) {
            // encoding/json trims "e-07" to "e-7" (but keeps "e+21").
            return sign + eLayout(digits, point - 1, minExponentDigits: point - 1 < 0 ? 1 : 2)
        }
        return sign + fLayout(digits, point)
    }

    static func eLayout(_ digits: [UInt8], _ exp: Int, minExponentDigits: Int = 2) -> String {
        var s = String(decoding: digits[0..<1], as: UTF8.self)
        if digits.count > 1 { s += "." + String(decoding: digits[1...], as: UTF8.self) }
        let e = abs(exp)
        s += (exp < 0 ? "e-" : "e+") + (e < 10 && minExponentDigits == 2 ? "0" : "") + String(e)
        return s
    }

    static func fLayout(_ digits: [UInt8], _ point: Int) -> String {
        let d = String(decoding: digits, as: UTF8.self)
        if point <= 0 { return "0." + String(repeating: "0", count: -point) + d }
        if point >= digits.count { return d + String(repeating: "0", count: point - digits.count) }
        let idx = d.index(d.startIndex, offsetBy: point)
        return String(d[..<idx]) + "." + String(d[idx...])
    }

    /// C's printf for one double (`%.2f`, `%e`, `%.3g`), which rounds like Go for these verbs.
    static func cFormat(_ spec: String, _ f: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        let n = withVaList([f]) { args in
            buffer.withUnsafeMutableBufferPointer { buf -> Int32 in
                guard let base = buf.baseAddress else { return 0 }
                return vsnprintf(base, buf.count, spec, args)
            }
        }
        guard n > 0 else { return "" }
        let bytes = buffer.prefix(min(Int(n), buffer.count - 1)).map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
