import FoundationEssentials

/// What a handler answers. Build one with the static helpers: `.json`, `.error`, `.empty`, `.text`,
/// `.stream` (chunked, produced while the client reads) or `.hijack` (attach / exec start).
public struct HTTPResponse: Sendable {
    public enum Body: Sendable {
        case empty
        case bytes([UInt8])
        /// Headers go out immediately; the producer then writes chunks until it returns.
        case stream(@Sendable (ResponseBodyWriter) async throws -> Void)
        /// The connection leaves HTTP; the handler drives the raw stream until it returns.
        case hijack(@Sendable (HijackedStream) async throws -> Void)
    }

    public var status: HTTPStatus
    public var headers: HTTPHeaderFields
    public var body: Body

    public init(status: HTTPStatus, headers: HTTPHeaderFields = HTTPHeaderFields(), body: Body = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public enum ContentType {
        public static let json = "application/json"
        public static let plainText = "text/plain; charset=utf-8"
        public static let tar = "application/x-tar"
        public static let octetStream = "application/octet-stream"
        /// Non-TTY attach/exec/logs at API >= 1.42.
        public static let multiplexedStream = "application/vnd.docker.multiplexed-stream"
        /// TTY streams, and every hijacked stream before API 1.42.
        public static let rawStream = "application/vnd.docker.raw-stream"
    }

    /// The encoder for JSON bodies: compact, `/` unescaped as dockerd writes them, keys sorted so the
    /// output is deterministic.
    public static func makeJSONEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `value` as JSON plus `\n` (Go's json.Encoder), `Content-Type: application/json`.
    public static func json<T: Encodable>(_ value: T, status: HTTPStatus = .ok, encoder: JSONEncoder = makeJSONEncoder()) throws -> HTTPResponse {
        var bytes = Array(try encoder.encode(value))
        bytes.append(0x0A)
        var headers = HTTPHeaderFields()
        headers.add("Content-Type", ContentType.json)
        return HTTPResponse(status: status, headers: headers, body: .bytes(bytes))
    }

    /// dockerd's error body: `{"message":"..."}` and `\n`.
    public static func error(_ status: HTTPStatus, _ message: String) -> HTTPResponse {
        var bytes = Array("{\"message\":".utf8)
        bytes += jsonString(message)
        bytes += Array("}\n".utf8)
        var headers = HTTPHeaderFields()
        headers.add("Content-Type", ContentType.json)
        return HTTPResponse(status: status, headers: headers, body: .bytes(bytes))
    }

    /// A bodiless answer: 204 after start/stop/kill, 201 after tag, 200 after resize.
    public static func empty(_ status: HTTPStatus = .noContent) -> HTTPResponse {
        HTTPResponse(status: status)
    }

    public static func text(_ text: String, status: HTTPStatus = .ok, contentType: String = ContentType.plainText) -> HTTPResponse {
        bytes(Array(text.utf8), status: status, contentType: contentType)
    }

    public static func bytes(_ bytes: [UInt8], status: HTTPStatus = .ok, contentType: String?) -> HTTPResponse {
        var headers = HTTPHeaderFields()
        if let contentType { headers.add("Content-Type", contentType) }
        return HTTPResponse(status: status, headers: headers, body: .bytes(bytes))
    }

    /// A chunked body written by `producer` while the client reads. `contentType` nil sends none (logs
    /// and stats before API 1.42). The status goes out before the producer runs, so check everything
    /// that can fail with a status (no such container) before returning this. If the producer throws,
    /// the body is cut off without its last chunk and the connection closed, so the client sees an
    /// incomplete response rather than a clean end; errors meant for the client go in the stream
    /// (`{"errorDetail":...}`).
    public static func stream(status: HTTPStatus = .ok, contentType: String? = ContentType.json,
                              headers extra: HTTPHeaderFields = HTTPHeaderFields(),
                              _ producer: @escaping @Sendable (ResponseBodyWriter) async throws -> Void) -> HTTPResponse {
        var headers = extra
        if let contentType { headers.set("Content-Type", contentType) }
        return HTTPResponse(status: status, headers: headers, body: .stream(producer))
    }

    /// Hijacks the connection: `101 UPGRADED` with `Connection: Upgrade` and `Upgrade: tcp` when the
    /// client asked for it, else `200 OK`; then `handler` owns the raw stream.
    public static func hijack(contentType: String, _ handler: @escaping @Sendable (HijackedStream) async throws -> Void) -> HTTPResponse {
        var headers = HTTPHeaderFields()
        headers.add("Content-Type", contentType)
        return HTTPResponse(status: .upgraded, headers: headers, body: .hijack(handler))
    }

    static func jsonString(_ text: String) -> [UInt8] {
        var out: [UInt8] = [0x22]
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += [0x5C, 0x22]
            case "\\": out += [0x5C, 0x5C]
            case "\n": out += [0x5C, 0x6E]
            case "\r": out += [0x5C, 0x72]
            case "\t": out += [0x5C, 0x74]
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                } else {
                    out += Array(String(scalar).utf8)
                }
            }
        }
        out.append(0x22)
        return out
    }
}
