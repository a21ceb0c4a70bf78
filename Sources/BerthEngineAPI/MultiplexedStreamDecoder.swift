/// Splits Docker's multiplexed stream (non-TTY attach, exec and logs) back into frames. Bytes are fed
/// as they arrive; frames come out whole, so a frame split across reads is reassembled.
public struct MultiplexedStreamDecoder: Sendable {
    public struct Frame: Sendable, Equatable {
        public var stream: StdStream
        public var payload: [UInt8]

        public init(stream: StdStream, payload: [UInt8]) {
            self.stream = stream
            self.payload = payload
        }
    }

    private var pending: [UInt8] = []

    public init() {}

    /// Frames completed by `bytes`. Throws on a header whose stream byte is not 0-3.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws -> [Frame] {
        pending.append(contentsOf: bytes)
        var frames: [Frame] = []
        var offset = 0
        while pending.count - offset >= 8 {
            guard let stream = StdStream(rawValue: pending[offset]) else {
                throw MultiplexedStreamError(streamByte: pending[offset])
            }
            let size = Int(pending[offset + 4]) << 24 | Int(pending[offset + 5]) << 16
                | Int(pending[offset + 6]) << 8 | Int(pending[offset + 7])
            guard pending.count - offset - 8 >= size else { break }
            frames.append(Frame(stream: stream, payload: Array(pending[(offset + 8)..<(offset + 8 + size)])))
            offset += 8 + size
        }
        pending.removeFirst(offset)
        return frames
    }

    /// Bytes of an incomplete frame still waiting for the rest.
    public var bufferedByteCount: Int { pending.count }
}

/// A multiplexed stream whose frame header names no known stream (probably a TTY stream read as framed).
public struct MultiplexedStreamError: Error, CustomStringConvertible, Sendable {
    public var streamByte: UInt8
    public var description: String { "multiplexed stream: invalid stream type \(streamByte) in frame header" }
}
