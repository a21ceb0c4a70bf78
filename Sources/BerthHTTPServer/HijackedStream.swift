/// The raw bidirectional stream of a hijacked `attach` or `exec start`, after the `101 UPGRADED` (or,
/// without upgrade headers, `200 OK`) header.
///
/// - `input` yields the client's bytes (its stdin) and ends when the client half-closes its side. That
///   is not a disconnect: the CLI half-closes right away when stdin is not attached, and still reads
///   all output. Pass the end on as "close the process's stdin".
/// - Output is written with `write` (TTY: raw) or `writeFrame` (non-TTY: multiplexed).
/// - The server closes the connection when the handler returns: return when the process has exited and
///   its output is flushed, or after detach keys.
public struct HijackedStream: Sendable {
    public let input: HijackedInput
    /// True when the client asked for the upgrade and got `101`; false for the `200` fallback.
    public let isUpgraded: Bool
    let output: ConnectionOutput

    public func write(_ bytes: some Collection<UInt8>) async throws {
        try await output.write(bytes)
    }

    public func writeFrame(_ stream: MultiplexedFrame.Stream, _ payload: some Collection<UInt8>) async throws {
        try await output.write(MultiplexedFrame.encode(stream, payload))
    }
}

/// The client's side of a hijacked stream, in chunks as they arrive; iterate it once (from any one task).
public struct HijackedInput: AsyncSequence, Sendable {
    public typealias Element = [UInt8]

    let input: ConnectionInput

    public struct AsyncIterator: AsyncIteratorProtocol {
        let input: ConnectionInput

        public mutating func next() async throws -> [UInt8]? {
            while true {
                switch try await input.next() {
                case .raw(let buffer), .body(let buffer):
                    if buffer.readableBytes == 0 { continue }
                    return Array(buffer.readableBytesView)
                case .head, .end:
                    continue
                case nil:
                    return nil
                }
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(input: input) }
}
