import FoundationEssentials
import NIOCore

/// The body of a request as it arrives: an async sequence of byte chunks, so a handler can stream a
/// chunked tar upload (`docker cp`, `load`, `build`, `import`) without holding it in memory. Chunked
/// transfer coding is already removed. Iterate it once; `collect` and `decodeJSON` do that for you.
///
/// `@unchecked Sendable`: reads go to the connection's single input (see `ConnectionInput`), and only
/// the handler reads the body, one chunk at a time, before the connection reads its next request.
public final class RequestBody: AsyncSequence, @unchecked Sendable {
    public typealias Element = [UInt8]

    private let input: ConnectionInput?
    private var isComplete: Bool
    private var sendContinue: (@Sendable () async throws -> Void)?
    private var receivedBytes = 0
    private var failed = false

    init(input: ConnectionInput?, sendContinue: (@Sendable () async throws -> Void)?) {
        self.input = input
        self.isComplete = input == nil
        self.sendContinue = sendContinue
    }

    /// A body that is already complete, for requests built in tests or by other transports.
    public static func empty() -> RequestBody { RequestBody(input: nil, sendContinue: nil) }

    /// True once the last chunk has been read.
    public var isFullyRead: Bool { isComplete }

    /// True when the body could not be read to its end (malformed chunking, client gone): the
    /// connection cannot carry another request.
    public var hasFailed: Bool { failed }

    /// Bytes read so far.
    public var byteCount: Int { receivedBytes }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let body: RequestBody

        public mutating func next() async throws -> [UInt8]? { try await body.nextChunk() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(body: self) }

    func nextChunk() async throws -> [UInt8]? {
        guard !isComplete, let input else { return nil }
        if let sendContinue {
            // `Expect: 100-continue`: the client waits for this before sending the body.
            self.sendContinue = nil
            try await sendContinue()
        }
        while true {
            let part: InboundPart?
            do {
                part = try await input.next()
            } catch {
                isComplete = true
                failed = true
                throw HTTPError(.badRequest, "malformed request body")
            }
            switch part {
            case .body(let buffer):
                receivedBytes += buffer.readableBytes
                if buffer.readableBytes == 0 { continue }
                return Array(buffer.readableBytesView)
            case .end:
                isComplete = true
                return nil
            case .head, .raw:
                isComplete = true
                failed = true
                throw HTTPError(.badRequest, "malformed request body")
            case nil:
                isComplete = true
                failed = true
                throw HTTPError(.badRequest, "request body ended before it was complete")
            }
        }
    }

    /// The whole body; more than `maxBytes` is a 413.
    public func collect(upTo maxBytes: Int = 16 << 20) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in self {
            guard bytes.count + chunk.count <= maxBytes else {
                throw HTTPError(.payloadTooLarge, "request body is larger than \(maxBytes) bytes")
            }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }

    /// Decodes the JSON body; a decoding failure is a 400 whose message names the field
    /// (`HostConfig.Memory: expected a number`). Pass the Engine API's decoder for Go-style key matching.
    public func decodeJSON<T: Decodable>(_ type: T.Type, using decoder: JSONDecoder = JSONDecoder(), maxBytes: Int = 16 << 20) async throws -> T {
        let bytes = try await collect(upTo: maxBytes)
        guard !bytes.isEmpty else { throw HTTPError(.badRequest, "invalid JSON: request body is empty") }
        return try JSONBodyDecoding.decode(type, from: bytes, using: decoder)
    }

    /// Like `decodeJSON`, but an empty body gives nil (endpoints whose body is optional).
    public func decodeJSONIfPresent<T: Decodable>(_ type: T.Type, using decoder: JSONDecoder = JSONDecoder(), maxBytes: Int = 16 << 20) async throws -> T? {
        let bytes = try await collect(upTo: maxBytes)
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else { return nil }
        return try JSONBodyDecoding.decode(type, from: bytes, using: decoder)
    }

    /// Reads and drops what the handler left, so the connection can carry the next request; false when
    /// more than `limit` bytes remain (the connection is closed instead, as Go's server does).
    func discardRemainder(limit: Int) async -> Bool {
        var discarded = 0
        do {
            while let chunk = try await nextChunk() {
                discarded += chunk.count
                if discarded > limit { return false }
            }
            return true
        } catch {
            return false
        }
    }
}
