import NIOCore

/// Answers queries arriving on one listener's UDP socket from the scope it serves.
final class DNSUDPHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let scopeID: String
    private let scopes: DNSScopeTable
    private let forwarder: DNSForwarder

    init(scopeID: String, scopes: DNSScopeTable, forwarder: DNSForwarder) {
        self.scopeID = scopeID
        self.scopes = scopes
        self.forwarder = forwarder
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let query = Array(envelope.data.readableBytesView)
        let client = envelope.remoteAddress
        switch DNSResolver.resolve(query, scope: scopes.scope(scopeID), overUDP: true) {
        case .drop:
            return
        case .reply(let reply):
            let out = AddressedEnvelope(remoteAddress: client, data: context.channel.allocator.buffer(bytes: reply))
            context.writeAndFlush(wrapOutboundOut(out), promise: nil)
        case .forward(let upstreams):
            Self.forward(query, to: upstreams, client: client, on: context.channel, scopes: scopes, forwarder: forwarder)
        }
    }

    /// Kept out of `channelRead` so the task captures only Sendable values.
    private static func forward(_ query: [UInt8], to upstreams: [DNSUpstream], client: SocketAddress,
                                on channel: any Channel, scopes: DNSScopeTable, forwarder: DNSForwarder) {
        guard scopes.beginForward() else {
            send(DNSResolver.serverFailure(for: query), to: client, on: channel)
            return
        }
        Task {
            let reply = await forwarder.forward(query, overTCP: false, to: upstreams)
            scopes.endForward()
            send(reply ?? DNSResolver.serverFailure(for: query), to: client, on: channel)
        }
    }

    /// A send error (the client went away) concerns one client only; the listener keeps serving.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {}

    private static func send(_ reply: [UInt8]?, to client: SocketAddress, on channel: any Channel) {
        guard let reply else { return }
        let out = AddressedEnvelope(remoteAddress: client, data: channel.allocator.buffer(bytes: reply))
        channel.writeAndFlush(out, promise: nil)
    }
}
