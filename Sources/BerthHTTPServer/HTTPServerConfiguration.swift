/// Where and how `HTTPServer` listens, and the identity it announces on every response.
public struct HTTPServerConfiguration: Sendable {
    /// A TCP listener, `tcp://127.0.0.1:2375`. Port 0 picks a free port (see `HTTPServer.tcpPort`).
    public struct TCPAddress: Sendable, Equatable {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        /// Parses `tcp://HOST:PORT` (as `dockerd -H` takes it) or a bare `HOST:PORT`.
        public init?(_ address: String) {
            guard !address.contains("://") || address.hasPrefix("tcp://") else { return nil }
            let rest = address.hasPrefix("tcp://") ? address.dropFirst("tcp://".count) : Substring(address)
            guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]),
                  (0...65535).contains(port) else { return nil }
            var host = String(rest[..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            self.init(host: host.isEmpty ? "127.0.0.1" : host, port: port)
        }
    }

    /// The unix socket to listen on (`/run/berth/berth.sock`); nil for none.
    public var unixSocketPath: String?
    /// Mode of the socket file: owner and group may connect, as dockerd's `docker` group.
    public var unixSocketMode: UInt32 = 0o660
    /// Group given the socket when it exists on the host.
    public var unixSocketGroup: String = "berth"
    public var tcpAddress: TCPAddress?

    /// The newest API version served, sent as `Api-Version` on every response.
    public var maximumAPIVersion: APIVersion = .current
    /// Older versions get a 400 (dockerd >= 25: 1.24).
    public var minimumAPIVersion: APIVersion = .minimum
    /// The `Server` header: `Berth/0.1.0 (linux)`, shaped like dockerd's `Docker/28.2.2 (linux)`.
    public var serverHeader: String = "Berth/0.1.0 (linux)"
    /// `Docker-Experimental`; the CLI enables experimental commands when "true".
    public var experimental: Bool = false
    /// Extra headers on `/_ping`, e.g. `Builder-Version: 1` or `Swarm: inactive`.
    public var pingHeaders: HTTPHeaderFields = HTTPHeaderFields()

    /// A body the handler left unread is drained up to this size to keep the connection; beyond it
    /// the connection is closed instead (Go's server uses 256 KiB).
    public var maxDiscardedBodyBytes: Int = 256 << 10
    /// A pause between a hijack's response header and the stream: docker-py loses stream bytes that
    /// arrive in the same read as the `101` header.
    public var hijackHeaderGap: Duration = .milliseconds(5)
    /// How long `shutdown()` lets running requests finish before closing their connections.
    public var shutdownGracePeriod: Duration = .seconds(10)

    public init(unixSocketPath: String? = nil, tcpAddress: TCPAddress? = nil) {
        self.unixSocketPath = unixSocketPath
        self.tcpAddress = tcpAddress
    }
}
