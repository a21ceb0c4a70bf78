/// The wire framing: a 4-byte big-endian payload length, then that many bytes of JSON.
public enum ShimFrame {
    /// Requests are small (a process spec is a few KB); responses carry at most a stats document or
    /// a process list. Anything larger is a broken or hostile peer.
    public static let maxPayload = 4 << 20

    public static func header(length: Int) -> [UInt8] {
        let n = UInt32(truncatingIfNeeded: length)
        return [UInt8(n >> 24), UInt8(truncatingIfNeeded: n >> 16), UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n)]
    }

    public static func encode(_ payload: [UInt8]) -> [UInt8] {
        header(length: payload.count) + payload
    }

    /// The payload length announced by the first four bytes of `bytes` (from `start`).
    public static func length<C: RandomAccessCollection>(_ bytes: C, start: C.Index) -> Int where C.Element == UInt8 {
        var n = 0
        var i = start
        for _ in 0..<4 {
            n = n << 8 | Int(bytes[i])
            i = bytes.index(after: i)
        }
        return n
    }
}
