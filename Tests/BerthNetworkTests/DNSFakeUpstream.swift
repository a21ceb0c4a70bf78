import NIOCore
import NIOPosix
@testable import BerthNetwork

/// An upstream DNS server on 127.0.0.1 (UDP and TCP on one ephemeral port) that answers every A query with
/// `answer`, TTL 42, so a test can tell a forwarded reply from a local one.
final class DNSFakeUpstream: Sendable {
    static let answer = IPv4Address(93, 184, 216, 34)
    let port: Int
    private let channels: [any Channel]

    private init(port: Int, channels: [any Channel]) {
        self.port = port
        self.channels = channels
    }

    static func start() async throws -> DNSFakeUpstream {
        let group = MultiThreadedEventLoopGroup.singleton
        let udp = try await DatagramBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(UDPAnswerer()) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = udp.localAddress?.port ?? 0
        let tcp = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(DNSTCPFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(TCPAnswerer())
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        return DNSFakeUpstream(port: port, channels: [udp, tcp])
    }

    var upstream: DNSUpstream { DNSUpstream(address: IPv4Address(127, 0, 0, 1), port: UInt16(port)) }

    func stop() async {
        for channel in channels { try? await channel.close() }
    }

    static func reply(to query: [UInt8]) -> [UInt8]? {
        guard let header = DNSHeader(bytes: query),
              let message = try? DNSMessage(parsing: query, questionsOnly: true) else { return nil }
        var bytes: [UInt8] = []
        DNSHeader(id: header.id, flags: 0x8180, questionCount: 1, answerCount: 1).encode(into: &bytes)
        bytes.append(contentsOf: query[message.questionBytes])
        // Owner name as a compression pointer to the question, as real servers send it.
        bytes += [0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 42, 0, 4] + answer.bytes
        return bytes
    }

    private final class UDPAnswerer: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        typealias OutboundOut = AddressedEnvelope<ByteBuffer>
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            guard let reply = DNSFakeUpstream.reply(to: Array(envelope.data.readableBytesView)) else { return }
            let out = AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: context.channel.allocator.buffer(bytes: reply))
            context.writeAndFlush(wrapOutboundOut(out), promise: nil)
        }
    }

    private final class TCPAnswerer: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard let reply = DNSFakeUpstream.reply(to: Array(unwrapInboundIn(data).readableBytesView)) else { return }
            context.writeAndFlush(wrapOutboundOut(DNSTCPFrameDecoder.frame(reply, allocator: context.channel.allocator)),
                                  promise: nil)
        }
    }
}
