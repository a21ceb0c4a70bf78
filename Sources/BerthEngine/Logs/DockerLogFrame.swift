/// How `GET /containers/{id}/logs` puts entries on the wire: raw for TTY containers, otherwise
/// stdcopy frames (`[stream, 0, 0, 0, size as big-endian UInt32]` then the payload); with
/// `timestamps=1` each message is prefixed with its RFC3339Nano time (nine fraction digits) and a space.
public enum DockerLogFrame {
    public static func encode(_ entry: LogEntry, tty: Bool, timestamps: Bool) -> [UInt8] {
        var payload: [UInt8] = []
        if timestamps { payload += Array((LogTime.formatFixed(entry.timestamp) + " ").utf8) }
        payload += entry.message
        if tty { return payload }
        let size = UInt32(truncatingIfNeeded: payload.count)
        let streamByte: UInt8 = entry.stream == .stdout ? 1 : 2
        return [streamByte, 0, 0, 0, UInt8(size >> 24), UInt8((size >> 16) & 0xFF), UInt8((size >> 8) & 0xFF), UInt8(size & 0xFF)]
            + payload
    }
}
