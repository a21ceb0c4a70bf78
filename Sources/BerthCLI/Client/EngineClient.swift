import BerthCore

/// The Engine API client: HTTP/1.1 over a unix socket or TCP with blocking sockets, one connection
/// per request (the CLI is short-lived; connecting to a local socket costs microseconds).
/// Version negotiation follows the docker CLI: `HEAD /_ping` (falling back to GET unless the reply
/// is 200 or 500), then every path is prefixed with `/v<min(server, 1.50)>`.
public final class EngineClient {
    public static let maxAPIVersion = "1.50"
    /// What the docker CLI assumes when the daemon sends no Api-Version header.
    public static let fallbackAPIVersion = "1.24"

    public let host: String
    public let address: DaemonAddress
    public private(set) var apiVersion: String
    public private(set) var serverAPIVersion: String?
    public private(set) var osType: String?
    public private(set) var experimental = false
    public private(set) var negotiated = false
    /// Pinned by BERTH_API_VERSION / DOCKER_API_VERSION: no negotiation (the ping is still sent).
    public let pinnedVersion: String?
    public var userAgent = "Berth-Client/0.1.0 (linux)"

    public init(host: String) throws {
        self.host = host
        self.address = try DaemonAddress(parsing: host)
        pinnedVersion = GlobalOptions.environment("BERTH_API_VERSION") ?? GlobalOptions.environment("DOCKER_API_VERSION")
        apiVersion = pinnedVersion ?? Self.maxAPIVersion
    }

    /// "1.41" < "1.50" compared numerically per component.
    public static func compareVersions(_ a: String, _ b: String) -> Int {
        let x = a.split(separator: ".").map { Int($0) ?? 0 }, y = b.split(separator: ".").map { Int($0) ?? 0 }
        for i in 0..<max(x.count, y.count) {
            let l = i < x.count ? x[i] : 0, r = i < y.count ? y[i] : 0
            if l != r { return l < r ? -1 : 1 }
        }
        return 0
    }

    /// The message docker prints when nothing listens on the socket.
    var cannotConnect: CLIError {
        .message("Cannot connect to the Berth daemon at \(address.description). Is the berth daemon running?", status: 1)
    }

    func connect() throws -> SocketConnection {
        do { return try SocketConnection.connect(address) } catch { throw cannotConnect }
    }

    public func negotiate() throws {
        guard !negotiated else { return }
        negotiated = true
        var ping: HTTPResponse
        do {
            ping = try rawRequest("HEAD", "/_ping", versioned: false)
            if ping.status != 200 && ping.status != 500 {
                ping.close()
                ping = try rawRequest("GET", "/_ping", versioned: false)
                _ = try? ping.readAll()
            }
        } catch let e as CLIError {
            throw e
        } catch {
            // A ping that fails mid-way skips negotiation; requests go to the client's maximum.
            return
        }
        ping.close()
        serverAPIVersion = ping.header("Api-Version")
        osType = ping.header("Ostype")
        experimental = ping.header("Docker-Experimental") == "true"
        guard pinnedVersion == nil else { return }
        let server = serverAPIVersion ?? Self.fallbackAPIVersion
        apiVersion = Self.compareVersions(server, Self.maxAPIVersion) < 0 ? server : Self.maxAPIVersion
    }

    /// Sends one request and returns the response with its body unread; never checks the status.
    public func rawRequest(_ method: String, _ path: String, query: URLQuery = URLQuery(), body: RequestBody = .none,
                           headers extra: [(String, String)] = [], versioned: Bool = true) throws -> HTTPResponse {
        let conn = try connect()
        try writeRequest(conn, method, path, query: query, body: body, headers: extra, versioned: versioned)
        return try HTTPResponse.read(from: conn, isHead: method == "HEAD")
    }

    func writeRequest(_ conn: SocketConnection, _ method: String, _ path: String, query: URLQuery, body: RequestBody,
                      headers extra: [(String, String)], versioned: Bool) throws {
        var target = versioned ? "/v\(apiVersion)\(path)" : path
        if !query.isEmpty { target += "?" + query.encoded }
        var head = "\(method) \(target) HTTP/1.1\r\nHost: api.moby.localhost\r\nUser-Agent: \(userAgent)\r\n"
        for (k, v) in extra { head += "\(k): \(v)\r\n" }
        switch body {
        case .none:
            if method == "POST" || method == "PUT" { head += "Content-Length: 0\r\n" }
            head += "\r\n"
            try conn.writeAll(Array(head.utf8))
        case .json(let bytes):
            head += "Content-Type: application/json\r\nContent-Length: \(bytes.count)\r\n\r\n"
            try conn.writeAll(Array(head.utf8) + bytes)
        case .bytes(let bytes, let type):
            head += "Content-Type: \(type)\r\nContent-Length: \(bytes.count)\r\n\r\n"
            try conn.writeAll(Array(head.utf8) + bytes)
        case .stream(let type, let next):
            head += "Content-Type: \(type)\r\nTransfer-Encoding: chunked\r\n\r\n"
            try conn.writeAll(Array(head.utf8))
            while let piece = try next() {
                guard !piece.isEmpty else { continue }
                try conn.writeAll(Array((String(piece.count, radix: 16) + "\r\n").utf8) + piece + [0x0D, 0x0A])
            }
            try conn.writeAll(Array("0\r\n\r\n".utf8))
        }
    }

    /// Sends a request and turns 4xx/5xx replies into `EngineAPIError` with the daemon's message.
    public func request(_ method: String, _ path: String, query: URLQuery = URLQuery(), body: RequestBody = .none,
                        headers: [(String, String)] = []) throws -> HTTPResponse {
        let response = try rawRequest(method, path, query: query, body: body, headers: headers)
        guard response.status < 400 else { throw try Self.apiError(response) }
        return response
    }

    static func apiError(_ response: HTTPResponse) throws -> EngineAPIError {
        let body = (try? response.readAll()) ?? []
        response.close()
        if let json = try? JSONValue.parse(body), let message = json["message"]?.string {
            return EngineAPIError(statusCode: response.status, message: message)
        }
        var text = String(decoding: body, as: UTF8.self)
        while text.last == "\n" || text.last == " " { text.removeLast() }
        if text.isEmpty { text = "\(response.status) \(response.reason)" }
        return EngineAPIError(statusCode: response.status, message: text)
    }

    /// A request whose reply is one JSON document.
    public func json(_ method: String, _ path: String, query: URLQuery = URLQuery(), body: RequestBody = .none) throws -> JSONValue {
        let r = try request(method, path, query: query, body: body)
        defer { r.close() }
        let bytes = try r.readAll()
        guard !bytes.isEmpty else { return .null }
        return try JSONValue.parse(bytes)
    }

    /// The raw reply body (inspect keeps the daemon's field order when re-indenting).
    public func bytes(_ method: String, _ path: String, query: URLQuery = URLQuery()) throws -> [UInt8] {
        let r = try request(method, path, query: query)
        defer { r.close() }
        return try r.readAll()
    }

    /// `Connection: Upgrade` + `Upgrade: tcp`; expects 101 (or 200 from daemons that answer without
    /// upgrading) and hands back the raw socket.
    public func hijack(_ method: String, _ path: String, query: URLQuery = URLQuery(), body: RequestBody = .none) throws -> HijackedConnection {
        let conn = try connect()
        var body = body
        if case .none = body { body = .bytes([], contentType: "text/plain") }
        try writeRequest(conn, method, path, query: query, body: body,
                         headers: [("Connection", "Upgrade"), ("Upgrade", "tcp")], versioned: true)
        let response = try HTTPResponse.read(from: conn, isHead: false)
        guard response.status == 101 || response.status == 200 else { throw try Self.apiError(response) }
        return HijackedConnection(connection: conn, headers: response.headers)
    }
}
