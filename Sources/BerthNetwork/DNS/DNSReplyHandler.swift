import BerthCore
import NIOCore

/// Completes a forwarded query's promise with the first upstream reply carrying the query's id; an error
/// or an early close (a refused connection, ICMP port unreachable on the connected UDP socket) fails it.
final class DNSReplyHandler<Inbound>: ChannelInboundHandler {
    typealias InboundIn = Inbound

    private let promise: EventLoopPromise<[UInt8]>
    private let expectedID: UInt16
    private let payload: (Inbound) -> ByteBuffer

    init(promise: EventLoopPromise<[UInt8]>, expectedID: UInt16, payload: @escaping (Inbound) -> ByteBuffer) {
        self.promise = promise
        self.expectedID = expectedID
        self.payload = payload
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = Array(payload(unwrapInboundIn(data)).readableBytesView)
        // A stray datagram with another id is ignored rather than relayed to the wrong client.
        guard let header = DNSHeader(bytes: bytes), header.id == expectedID, header.isResponse else { return }
        promise.succeed(bytes)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(BerthError(.system, "dns upstream closed the connection"))
        context.fireChannelInactive()
    }
}
