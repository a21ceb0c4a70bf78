import NIOCore
import NIOHTTP1

/// What a connection reads: HTTP request parts while it speaks HTTP, raw bytes once hijacked. One type
/// for both lets a single `NIOAsyncChannel` carry the connection across the switch.
enum InboundPart: Sendable {
    case head(HTTPRequestHead)
    case body(ByteBuffer)
    case end
    case raw(ByteBuffer)
}

/// Wraps NIO's parsed request parts while the connection speaks HTTP.
final class HTTPPartTagger: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = InboundPart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): context.fireChannelRead(wrapInboundOut(.head(head)))
        case .body(let bytes): context.fireChannelRead(wrapInboundOut(.body(bytes)))
        case .end: context.fireChannelRead(wrapInboundOut(.end))
        }
    }
}

/// Wraps raw bytes after a hijack (including bytes the HTTP decoder had read past the request).
final class RawBytesTagger: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = InboundPart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(wrapInboundOut(.raw(unwrapInboundIn(data))))
    }
}
