/// Builds one netlink request: nlmsghdr, a fixed family header (ifinfomsg, ifaddrmsg, rtmsg) and
/// rtattrs, each padded to 4 bytes. Integers are host order (netlink is host-endian); addresses are
/// appended as network-order bytes by the caller.
struct NetlinkMessage {
    private(set) var bytes: [UInt8]

    init(type: UInt16, flags: UInt16) {
        bytes = []
        bytes.reserveCapacity(256)
        appendInteger(UInt32(0))  // nlmsg_len, patched by finish(sequence:)
        appendInteger(type)
        appendInteger(flags)
        appendInteger(UInt32(0))  // nlmsg_seq, set by finish(sequence:)
        appendInteger(UInt32(0))  // nlmsg_pid: 0 lets the kernel fill in our port id
    }

    /// The complete message with its length and sequence number in place.
    func finish(sequence: UInt32) -> [UInt8] {
        var out = bytes
        let length = UInt32(out.count)
        out.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: length, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: sequence, toByteOffset: 8, as: UInt32.self)
        }
        return out
    }

    // MARK: family headers

    mutating func appendIfInfo(family: UInt8 = RTNL.AF_UNSPEC, index: Int32 = 0, flags: UInt32 = 0, change: UInt32 = 0) {
        bytes.append(family)
        bytes.append(0)                 // pad
        appendInteger(UInt16(0))        // ifi_type
        appendInteger(index)
        appendInteger(flags)
        appendInteger(change)
    }

    mutating func appendIfAddr(family: UInt8, prefixLength: UInt8, scope: UInt8, index: UInt32) {
        bytes.append(contentsOf: [family, prefixLength, 0, scope])
        appendInteger(index)
    }

    mutating func appendRtMsg(family: UInt8, destinationLength: UInt8, table: UInt8, protocol: UInt8, scope: UInt8, type: UInt8) {
        bytes.append(contentsOf: [family, destinationLength, 0, 0, table, `protocol`, scope, type])
        appendInteger(UInt32(0))        // rtm_flags
    }

    // MARK: attributes

    mutating func appendAttribute(_ type: UInt16, bytes payload: [UInt8]) {
        appendInteger(UInt16(4 + payload.count))
        appendInteger(type)
        bytes.append(contentsOf: payload)
        pad()
    }

    mutating func appendAttribute(_ type: UInt16, string: String) {
        appendAttribute(type, bytes: Array(string.utf8) + [0])
    }

    mutating func appendAttribute(_ type: UInt16, uint32 value: UInt32) {
        appendAttribute(type, bytes: withUnsafeBytes(of: value) { Array($0) })
    }

    mutating func appendAttribute(_ type: UInt16, int32 value: Int32) {
        appendAttribute(type, bytes: withUnsafeBytes(of: value) { Array($0) })
    }

    /// An attribute whose payload is built by `body` (nested attributes, or VETH_INFO_PEER's
    /// ifinfomsg followed by attributes); its length is patched once the payload is known.
    mutating func appendNested(_ type: UInt16, _ body: (inout NetlinkMessage) -> Void) {
        let start = bytes.count
        appendInteger(UInt16(0))
        appendInteger(type)
        body(&self)
        let length = UInt16(truncatingIfNeeded: bytes.count - start)
        bytes.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: length, toByteOffset: start, as: UInt16.self)
        }
        pad()
    }

    private mutating func pad() {
        while bytes.count % 4 != 0 { bytes.append(0) }
    }

    private mutating func appendInteger<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
    }
}
