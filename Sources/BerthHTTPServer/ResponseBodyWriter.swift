import FoundationEssentials

/// Writes a streamed response body (logs with follow, events, stats, pull/load progress, wait). Each
/// write goes out at once as one HTTP chunk; the headers were already sent before the producer ran.
/// A write fails once the client has gone, and the producer's task is cancelled when the client closes
/// its side, as dockerd cancels the request context.
public struct ResponseBodyWriter: Sendable {
    let output: ConnectionOutput
    let chunked: Bool

    public func write(_ bytes: some Collection<UInt8>) async throws {
        guard !bytes.isEmpty else { return }
        if chunked {
            var framed = Array(String(bytes.count, radix: 16).utf8)
            framed += [0x0D, 0x0A]
            framed += bytes
            framed += [0x0D, 0x0A]
            try await output.write(framed)
        } else {
            try await output.write(bytes)
        }
    }

    public func write(_ text: String) async throws {
        try await write(Array(text.utf8))
    }

    /// One JSON object and `\n`, the unit of every JSON message stream dockerd writes.
    public func writeJSONLine<T: Encodable>(_ value: T, encoder: JSONEncoder = HTTPResponse.makeJSONEncoder()) async throws {
        var bytes = Array(try encoder.encode(value))
        bytes.append(0x0A)
        try await write(bytes)
    }

    /// One multiplexed frame (`logs` of a non-TTY container).
    public func writeFrame(_ stream: MultiplexedFrame.Stream, _ payload: some Collection<UInt8>) async throws {
        try await write(MultiplexedFrame.encode(stream, payload))
    }

    func finish() async throws {
        if chunked { try await output.write(Array("0\r\n\r\n".utf8)) }
    }
}
