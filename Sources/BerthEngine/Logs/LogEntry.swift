/// One log message of a container, as log drivers store it and `docker logs` returns it.
public struct LogEntry: Sendable, Equatable {
    public enum Stream: String, Sendable, Equatable {
        case stdout, stderr
    }

    public var stream: Stream
    /// Nanoseconds since the Unix epoch (UTC).
    public var timestamp: Int64
    /// The bytes as the container wrote them, with the trailing newline; a partial message (a line
    /// longer than 16 KiB, or the unterminated end of the output) has none.
    public var message: [UInt8]

    public init(stream: Stream, timestamp: Int64, message: [UInt8]) {
        self.stream = stream
        self.timestamp = timestamp
        self.message = message
    }

    public var isPartial: Bool { message.last != UInt8(ascii: "\n") }
}
