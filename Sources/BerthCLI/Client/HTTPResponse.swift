import BerthCore

/// A response being read from the daemon. The body is pulled incrementally so streams (events,
/// pull progress, logs) are handled as they arrive; `readAll()` serves ordinary JSON replies.
public final class HTTPResponse {
    enum BodyMode { case none, length(Int), chunked, untilClose }

    public let status: Int
    public let reason: String
    /// Header names lower-cased (HTTP header names are case-insensitive).
    public let headers: [String: String]
    public let connection: SocketConnection
    var mode: BodyMode
    var remainingInChunk = 0
    var finished = false
    var lineBuffer: [UInt8] = []

    init(status: Int, reason: String, headers: [String: String], connection: SocketConnection, mode: BodyMode) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.connection = connection
        self.mode = mode
        if case .none = mode { finished = true }
        if case .length(let n) = mode { remainingInChunk = n; if n == 0 { finished = true } }
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    static func read(from conn: SocketConnection, isHead: Bool) throws -> HTTPResponse {
        guard let statusLine = try conn.readLine() else {
            throw BerthError(.system, "daemon closed the connection before responding")
        }
        // "HTTP/1.1 200 OK"
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
            throw BerthError(.system, "malformed HTTP response: \(statusLine)")
        }
        var headers: [String: String] = [:]
        while let line = try conn.readLine(), !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            var value = line[line.index(after: colon)...]
            while value.first == " " || value.first == "\t" { value.removeFirst() }
            while value.last == " " || value.last == "\t" { value.removeLast() }
            headers[name] = String(value)
        }
        let mode: BodyMode
        if isHead || status == 204 || status == 304 || status == 101 || (100..<200).contains(status) {
            mode = .none
        } else if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            mode = .chunked
        } else if let len = headers["content-length"].flatMap({ Int($0) }) {
            mode = .length(len)
        } else {
            mode = .untilClose
        }
        return HTTPResponse(status: status, reason: parts.count > 2 ? String(parts[2]) : "", headers: headers, connection: conn, mode: mode)
    }

    /// The next piece of the body; nil at its end.
    public func readChunk() throws -> [UInt8]? {
        guard !finished else { return nil }
        switch mode {
        case .none:
            finished = true
            return nil
        case .length:
            let data = try connection.read(max: remainingInChunk)
            if data.isEmpty { finished = true; return nil }
            remainingInChunk -= data.count
            if remainingInChunk == 0 { finished = true }
            return data
        case .untilClose:
            let data = try connection.read(max: 65536)
            if data.isEmpty { finished = true; return nil }
            return data
        case .chunked:
            if remainingInChunk == 0 {
                guard let sizeLine = try connection.readLine() else { finished = true; return nil }
                let hex = sizeLine.split(separator: ";").first.map(String.init) ?? ""
                guard let size = Int(hex.trimmingSpaces(), radix: 16) else {
                    throw BerthError(.system, "malformed chunk size: \(sizeLine)")
                }
                if size == 0 {
                    // Trailers until the blank line.
                    while let t = try connection.readLine(), !t.isEmpty {}
                    finished = true
                    return nil
                }
                remainingInChunk = size
            }
            let data = try connection.read(max: remainingInChunk)
            if data.isEmpty { finished = true; return nil }
            remainingInChunk -= data.count
            if remainingInChunk == 0 { _ = try connection.readLine() }
            return data
        }
    }

    public func readAll() throws -> [UInt8] {
        var out: [UInt8] = []
        while let c = try readChunk() { out.append(contentsOf: c) }
        return out
    }

    /// The next newline-terminated line of a streamed body (events, JSON progress); nil at the end.
    public func readLine() throws -> [UInt8]? {
        while true {
            if let nl = lineBuffer.firstIndex(of: 0x0A) {
                let line = Array(lineBuffer[..<nl])
                lineBuffer.removeSubrange(...nl)
                return line
            }
            guard let chunk = try readChunk() else {
                guard !lineBuffer.isEmpty else { return nil }
                defer { lineBuffer = [] }
                return lineBuffer
            }
            lineBuffer.append(contentsOf: chunk)
        }
    }

    public func close() { connection.close() }
}
