import NIOCore
import NIOPosix

/// A byte-level client for what curl cannot show: hijacked streams, half-close, pipelining, garbage.
final class RawClient {
    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var buffered: [UInt8] = []
    private(set) var sawEOF = false

    private init(inbound: NIOAsyncChannelInboundStream<ByteBuffer>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.iterator = inbound.makeAsyncIterator()
        self.outbound = outbound
    }

    /// Connects to `path`, runs `body`, closes.
    static func withConnection<T>(_ path: String, _ body: (RawClient) async throws -> T) async throws -> T {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .connect(unixDomainSocketPath: path) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel,
                        configuration: .init(isOutboundHalfClosureEnabled: true))
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await body(RawClient(inbound: inbound, outbound: outbound))
        }
    }

    func send(_ text: String) async throws { try await send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    /// shutdown(SHUT_WR): what the docker CLI does when stdin is not attached.
    func halfClose() {
        outbound.finish()
    }

    private func fill() async throws -> Bool {
        guard !sawEOF else { return false }
        guard let buffer = try await iterator.next() else {
            sawEOF = true
            return false
        }
        buffered += Array(buffer.readableBytesView)
        return true
    }

    /// Bytes up to and including `marker`.
    func read(through marker: String) async throws -> String {
        let needle = Array(marker.utf8)
        while true {
            if let range = firstRange(of: needle) {
                let out = Array(buffered[..<range])
                buffered.removeFirst(range)
                return String(decoding: out, as: UTF8.self)
            }
            guard try await fill() else { throw TestFailure("EOF before \(marker.debugDescription); have \(String(decoding: buffered, as: UTF8.self).debugDescription)") }
        }
    }

    func read(count: Int) async throws -> [UInt8] {
        while buffered.count < count {
            guard try await fill() else { throw TestFailure("EOF after \(buffered.count) of \(count) bytes") }
        }
        let out = Array(buffered.prefix(count))
        buffered.removeFirst(count)
        return out
    }

    /// One multiplexed frame: (stream, payload).
    func readFrame() async throws -> (UInt8, String) {
        let header = try await read(count: 8)
        let size = Int(header[4]) << 24 | Int(header[5]) << 16 | Int(header[6]) << 8 | Int(header[7])
        return (header[0], String(decoding: try await read(count: size), as: UTF8.self))
    }

    /// Everything until the server closes.
    func readToEnd() async throws -> String {
        while try await fill() {}
        defer { buffered = [] }
        return String(decoding: buffered, as: UTF8.self)
    }

    private func firstRange(of needle: [UInt8]) -> Int? {
        guard buffered.count >= needle.count else { return nil }
        for start in 0...(buffered.count - needle.count) where buffered[start..<(start + needle.count)].elementsEqual(needle) {
            return start + needle.count
        }
        return nil
    }
}
