import NIOCore

/// The read side of one connection: the single iterator over its inbound stream, shared by the request
/// loop, the request body and a hijacked stream.
///
/// `@unchecked Sendable` because the iterator is not: it is used by one task at a time by construction
/// (the loop reads a head, hands the iterator to the body reader or hijack handler, and reads again only
/// after they are done), and a hijack handler may move its reading into a child task.
final class ConnectionInput: @unchecked Sendable {
    private var iterator: NIOAsyncChannelInboundStream<InboundPart>.AsyncIterator
    private var finished = false

    init(_ inbound: NIOAsyncChannelInboundStream<InboundPart>) {
        iterator = inbound.makeAsyncIterator()
    }

    /// The next part, or nil at EOF. A malformed request surfaces here as the decoder's error.
    func next() async throws -> InboundPart? {
        guard !finished else { return nil }
        let part = try await iterator.next()
        if part == nil { finished = true }
        return part
    }
}
