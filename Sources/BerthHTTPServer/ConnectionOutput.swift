import NIOCore

/// The write side of one connection. Every write is flushed: streamed responses and hijacked output
/// must reach the client as produced (a `wait` header held back deadlocks `docker run`).
struct ConnectionOutput: Sendable {
    let writer: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let allocator: ByteBufferAllocator

    func write(_ bytes: some Collection<UInt8>) async throws {
        guard !bytes.isEmpty else { return }
        var buffer = allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        try await writer.write(buffer)
    }

    func write(_ text: String) async throws {
        try await write(Array(text.utf8))
    }
}
