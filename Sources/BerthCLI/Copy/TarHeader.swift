/// A ustar header for `berth cp`'s own small tar writer and reader (regular files, directories,
/// symlinks and hard links; long names through PAX `path`/`linkpath` records and GNU `L`/`K`).
public struct TarHeader: Equatable {
    public var name: String
    public var mode: UInt32
    public var uid: Int = 0
    public var gid: Int = 0
    public var size: Int = 0
    public var mtime: Int64 = 0
    /// "0" file, "1" hard link, "2" symlink, "5" directory.
    public var type: UInt8
    public var linkName = ""

    public init(name: String, mode: UInt32, type: UInt8) {
        self.name = name
        self.mode = mode
        self.type = type
    }

    static func octal(_ value: Int, width: Int) -> [UInt8] {
        var digits = Array(String(value, radix: 8).utf8)
        while digits.count < width - 1 { digits.insert(0x30, at: 0) }
        return Array(digits.suffix(width - 1)) + [0]
    }

    /// The 512-byte block(s): a PAX header first when a name does not fit ustar's 100 bytes.
    public func encode() -> [UInt8] {
        var out: [UInt8] = []
        var pax = ""
        if name.utf8.count > 100 { pax += Self.paxRecord("path", name) }
        if linkName.utf8.count > 100 { pax += Self.paxRecord("linkpath", linkName) }
        if !pax.isEmpty {
            var h = TarHeader(name: "PaxHeaders/" + String(name.suffix(80)), mode: 0o644, type: 0x78)
            h.size = pax.utf8.count
            out += h.block()
            out += Self.padded(Array(pax.utf8))
        }
        return out + block()
    }

    static func paxRecord(_ key: String, _ value: String) -> String {
        let body = " \(key)=\(value)\n"
        var length = body.utf8.count + 1
        while String(length).utf8.count + body.utf8.count != length { length += 1 }
        return "\(length)\(body)"
    }

    static func padded(_ bytes: [UInt8]) -> [UInt8] {
        let pad = (512 - bytes.count % 512) % 512
        return bytes + [UInt8](repeating: 0, count: pad)
    }

    func block() -> [UInt8] {
        var b = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: [UInt8], at offset: Int, max: Int) {
            for (i, c) in bytes.prefix(max).enumerated() { b[offset + i] = c }
        }
        put(Array(name.utf8), at: 0, max: 100)
        put(Self.octal(Int(mode & 0o7777), width: 8), at: 100, max: 8)
        put(Self.octal(uid, width: 8), at: 108, max: 8)
        put(Self.octal(gid, width: 8), at: 116, max: 8)
        put(Self.octal(size, width: 12), at: 124, max: 12)
        put(Self.octal(Int(mtime), width: 12), at: 136, max: 12)
        put([UInt8](repeating: 0x20, count: 8), at: 148, max: 8)
        b[156] = type
        put(Array(linkName.utf8), at: 157, max: 100)
        put(Array("ustar\u{0}00".utf8), at: 257, max: 8)
        let sum = b.reduce(0) { $0 + Int($1) }
        put(Self.octal(sum, width: 7) + [0x20], at: 148, max: 8)
        return b
    }

    /// Parses one header block; nil for the all-zero end marker.
    public static func decode(_ b: [UInt8]) -> TarHeader? {
        guard b.count >= 512, b.contains(where: { $0 != 0 }) else { return nil }
        func text(_ offset: Int, _ length: Int) -> String {
            let slice = b[offset..<(offset + length)]
            let end = slice.firstIndex(of: 0) ?? slice.endIndex
            return String(decoding: b[offset..<end], as: UTF8.self)
        }
        func number(_ offset: Int, _ length: Int) -> Int {
            Int(text(offset, length).trimmingCharacters(in: " "), radix: 8) ?? 0
        }
        var name = text(0, 100)
        let prefix = text(345, 155)
        if !prefix.isEmpty && text(257, 5) == "ustar" { name = prefix + "/" + name }
        var h = TarHeader(name: name, mode: UInt32(number(100, 8)), type: b[156] == 0 ? 0x30 : b[156])
        h.uid = number(108, 8)
        h.gid = number(116, 8)
        h.size = number(124, 12)
        h.mtime = Int64(number(136, 12))
        h.linkName = text(157, 100)
        return h
    }
}
