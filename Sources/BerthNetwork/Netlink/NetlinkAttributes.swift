/// The rtattrs of one received message, by type. Later duplicates win, which is fine for the
/// single-valued attributes read here.
struct NetlinkAttributes {
    private var values: [UInt16: ArraySlice<UInt8>] = [:]

    /// Parses rtattrs from `bytes`; stops quietly at a truncated attribute (the kernel never sends
    /// one, and a partial answer beats an error in a listing).
    init(_ bytes: ArraySlice<UInt8>) {
        var offset = bytes.startIndex
        while offset + 4 <= bytes.endIndex {
            let length = Int(bytes.loadInteger(UInt16.self, at: offset))
            // NLA_F_NESTED / NLA_F_NET_BYTEORDER live in the top bits of the type.
            let type = bytes.loadInteger(UInt16.self, at: offset + 2) & 0x3fff
            guard length >= 4, offset + length <= bytes.endIndex else { break }
            values[type] = bytes[(offset + 4)..<(offset + length)]
            offset += (length + 3) & ~3
        }
    }

    subscript(type: UInt16) -> ArraySlice<UInt8>? { values[type] }

    func string(_ type: UInt16) -> String? {
        guard let raw = values[type] else { return nil }
        return String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }

    func uint32(_ type: UInt16) -> UInt32? {
        guard let raw = values[type], raw.count >= 4 else { return nil }
        return raw.loadInteger(UInt32.self, at: raw.startIndex)
    }

    func ipv4(_ type: UInt16) -> IPv4Address? {
        guard let raw = values[type] else { return nil }
        return IPv4Address(bytes: raw)
    }
}

extension ArraySlice<UInt8> {
    /// A host-order integer at an absolute index of the underlying array (netlink data is unaligned-safe here).
    func loadInteger<T: FixedWidthInteger>(_: T.Type, at index: Int) -> T {
        guard index >= startIndex, index + MemoryLayout<T>.size <= endIndex else { return 0 }
        return withUnsafeBytes { raw in
            raw.loadUnaligned(fromByteOffset: index - startIndex, as: T.self)
        }
    }
}
