import NIOCore

/// Answers length-framed queries on one accepted TCP connection. Replies may go out of order when a
/// forwarded query is slower than a local one; DNS clients match replies by id, so that is allowed.
final class DNSTCPHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let scopeID: String
    private let scopes: DNSScopeTable
    private let forwarder: DNSForwarder

    init(scopeID: String, scopes: DNSScopeTable, forwarder: DNSForwarder) {
        self.scopeID = scopeID
        self.scopes = scopes
        self.forwarder = forwarder
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let query = Array(unwrapInboundIn(data).readableBytesView)
        switch DNSResolver.resolve(query, scope: scopes.scope(scopeID), overUDP: false) {
        case .drop:
            return
        case .reply(let reply):
            context.writeAndFlush(wrapOutboundOut(DNSTCPFrameDecoder.frame(reply, allocator: context.channel.allocator)),
                                  promise: nil)
        case .forward(let upstreams):
            Self.forward(query, to: upstreams, on: context.channel, scopes: scopes, forwarder: forwarder)
        }
    }

    /// Kept out of `channelRead` so the task captures only Sendable values.
    private static func forward(_ query: [UInt8], to upstreams: [DNSUpstream], on channel: any Channel,
                                scopes: DNSScopeTable, forwarder: DNSForwarder) {
        guard scopes.beginForward() else {
            send(DNSResolver.serverFailure(for: query), on: channel)
            return
        }
        Task {
            let reply = await forwarder.forward(query, overTCP: true, to: upstreams)
            scopes.endForward()
            send(reply ?? DNSResolver.serverFailure(for: query), on: channel)
        }
    }

    /// An idle client holds a socket in berthd; drop it like Docker's resolver does after its timeout.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    /// Garbage framing or a reset concerns this connection only.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private static func send(_ reply: [UInt8]?, on channel: any Channel) {
        guard let reply else { return }
        channel.writeAndFlush(DNSTCPFrameDecoder.frame(reply, allocator: channel.allocator), promise: nil)
    }
}
