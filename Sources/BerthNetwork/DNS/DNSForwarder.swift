import BerthCore
import NIOCore
import NIOPosix

/// Relays a query unchanged to upstream servers. Each exchange uses a fresh socket in berthd's own network
/// namespace: a random source port per query, and no shared socket whose replies would need demultiplexing.
struct DNSForwarder: Sendable {
    static let timeout = TimeAmount.seconds(2)

    let group: any EventLoopGroup

    /// The first useful reply from `upstreams`, tried in order; nil when every one failed or timed out.
    /// A SERVFAIL or REFUSED moves on to the next upstream, as in Docker's resolver, and is relayed only
    /// when no later upstream does better.
    func forward(_ query: [UInt8], overTCP: Bool, to upstreams: [DNSUpstream]) async -> [UInt8]? {
        guard let id = DNSHeader(bytes: query)?.id else { return nil }
        var fallback: [UInt8]?
        for upstream in upstreams {
            do {
                let reply = overTCP ? try await exchangeTCP(query, id: id, with: upstream)
                                    : try await exchangeUDP(query, id: id, with: upstream)
                let code = DNSHeader(bytes: reply)?.responseCode
                if code == DNSResponseCode.serverFailure || code == DNSResponseCode.refused {
                    fallback = reply
                    continue
                }
                return reply
            } catch {
                continue
            }
        }
        return fallback
    }

    private func exchangeUDP(_ query: [UInt8], id: UInt16, with upstream: DNSUpstream) async throws -> [UInt8] {
        let address = try SocketAddress(ipAddress: upstream.address.description, port: Int(upstream.port))
        let eventLoop = group.next()
        let promise = eventLoop.makePromise(of: [UInt8].self)
        // Connected, so the kernel filters datagrams from other peers and reports a closed port as an error
        // at once instead of after the timeout.
        let bootstrap = DatagramBootstrap(group: eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        DNSReplyHandler<AddressedEnvelope<ByteBuffer>>(promise: promise, expectedID: id) { $0.data })
                }
            }
        let channel = try await connect(promise: promise) { try await bootstrap.connect(to: address).get() }
        return try await exchange(on: channel, promise: promise, upstream: upstream,
                                  payload: channel.allocator.buffer(bytes: query))
    }

    private func exchangeTCP(_ query: [UInt8], id: UInt16, with upstream: DNSUpstream) async throws -> [UInt8] {
        let address = try SocketAddress(ipAddress: upstream.address.description, port: Int(upstream.port))
        let eventLoop = group.next()
        let promise = eventLoop.makePromise(of: [UInt8].self)
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(Self.timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(DNSTCPFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(
                        DNSReplyHandler<ByteBuffer>(promise: promise, expectedID: id) { $0 })
                }
            }
        let channel = try await connect(promise: promise) { try await bootstrap.connect(to: address).get() }
        return try await exchange(on: channel, promise: promise, upstream: upstream,
                                  payload: DNSTCPFrameDecoder.frame(query, allocator: channel.allocator))
    }

    /// NIO traps on a promise dropped uncompleted, so a failed connect must fail it before rethrowing.
    private func connect(promise: EventLoopPromise<[UInt8]>,
                         _ body: () async throws -> any Channel) async throws -> any Channel {
        do {
            return try await body()
        } catch {
            promise.fail(error)
            throw error
        }
    }

    private func exchange(on channel: any Channel, promise: EventLoopPromise<[UInt8]>, upstream: DNSUpstream,
                          payload: ByteBuffer) async throws -> [UInt8] {
        let timeout = channel.eventLoop.scheduleTask(in: Self.timeout) {
            promise.fail(BerthError(.timeout, "dns upstream \(upstream) did not answer within 2s"))
        }
        promise.futureResult.whenComplete { _ in
            timeout.cancel()
            channel.close(promise: nil)
        }
        channel.writeAndFlush(payload).whenFailure { promise.fail($0) }
        return try await promise.futureResult.get()
    }
}
