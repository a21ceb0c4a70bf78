/// github.com/fvbommel/sortorder's NaturalLess, which `docker volume ls` sorts names with: runs of
/// digits compare as numbers ("vol2" < "vol10"), digits sort before other bytes, and among equal
/// numbers the one with fewer leading zeros comes first.
public enum NaturalOrder {
    public static func less(_ a: String, _ b: String) -> Bool {
        let s1 = Array(a.utf8), s2 = Array(b.utf8)
        var i1 = 0, i2 = 0
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        while i1 < s1.count && i2 < s2.count {
            let c1 = s1[i1], c2 = s2[i2]
            let d1 = isDigit(c1), d2 = isDigit(c2)
            if d1 != d2 { return d1 }
            if !d1 {
                // UTF-8 orders bytewise like code points, so no decoding is needed.
                if c1 != c2 { return c1 < c2 }
                i1 += 1
                i2 += 1
                continue
            }
            while i1 < s1.count && s1[i1] == 0x30 { i1 += 1 }
            while i2 < s2.count && s2[i2] == 0x30 { i2 += 1 }
            let nz1 = i1, nz2 = i2
            while i1 < s1.count && isDigit(s1[i1]) { i1 += 1 }
            while i2 < s2.count && isDigit(s2[i2]) { i2 += 1 }
            if i1 - nz1 != i2 - nz2 { return i1 - nz1 < i2 - nz2 }
            let n1 = s1[nz1..<i1], n2 = s2[nz2..<i2]
            if !n1.elementsEqual(n2) { return n1.lexicographicallyPrecedes(n2) }
            if nz1 != nz2 { return nz1 < nz2 }
        }
        return s1.count < s2.count
    }
}
