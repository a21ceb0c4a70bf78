/// Docker's multiplexed stream framing for non-TTY attach, exec and logs: an 8-byte header
/// `[stream, 0, 0, 0, size as big-endian UInt32]` before each payload.
public enum MultiplexedFrame {
    public enum Stream: UInt8, Sendable {
        case stdin = 0
        case stdout = 1
        case stderr = 2
        /// An in-band daemon error.
        case systemError = 3
    }

    /// The largest payload one frame carries; longer payloads are split.
    public static let maxPayload = Int(UInt32.max)

    public static func header(_ stream: Stream, length: Int) -> [UInt8] {
        let size = UInt32(clamping: length)
        return [stream.rawValue, 0, 0, 0,
                UInt8(truncatingIfNeeded: size >> 24), UInt8(truncatingIfNeeded: size >> 16),
                UInt8(truncatingIfNeeded: size >> 8), UInt8(truncatingIfNeeded: size)]
    }

    /// Header plus payload; an empty payload gives no frame (dockerd never sends empty frames).
    public static func encode(_ stream: Stream, _ payload: some Collection<UInt8>) -> [UInt8] {
        guard !payload.isEmpty else { return [] }
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + 8)
        var rest = payload[...]
        while !rest.isEmpty {
            let piece = rest.prefix(maxPayload)
            out += header(stream, length: piece.count)
            out += piece
            rest = rest.dropFirst(piece.count)
        }
        return out
    }
}
