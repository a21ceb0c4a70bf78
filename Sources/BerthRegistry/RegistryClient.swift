import AsyncHTTPClient
import FoundationEssentials
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization

/// The process-wide registry client: one HTTP connection pool for every registry, the scheme each
/// host answered on, and the daemon's registry settings. Per-repository work goes through
/// `RegistrySession`, which carries the credentials and tokens for one repository.
public final class RegistryClient: Sendable {
    public let configuration: RegistryConfiguration
    let http: HTTPClient
    /// host -> "https" or "http", learnt by the first ping; insecure hosts fall back to HTTP.
    private let schemes = Mutex<[String: String]>([:])

    public init(configuration: RegistryConfiguration = RegistryConfiguration()) {
        self.configuration = configuration
        var config = HTTPClient.Configuration()
        // Redirects are followed by hand: a blob redirect to storage must not carry the registry's
        // Authorization header to another host.
        config.redirectConfiguration = .disallow
        config.timeout = .init(connect: .seconds(15), read: .seconds(120))
        config.decompression = .disabled
        config.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 16)
        // A refused connection fails the request at once; the callers retry what is worth retrying.
        config.connectionPool.retryConnectionEstablishment = false
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }

    public func shutdown() async {
        try? await http.shutdown()
    }

    /// A session for `repository` (remote name, `library/busybox`) on `domain` (`docker.io`,
    /// `localhost:5000`). docker.io sessions try the configured mirrors first when `useMirrors`.
    public func session(domain: String, repository: String, credentials: RegistryCredentials,
                        push: Bool = false) -> RegistrySession {
        RegistrySession(client: self, host: RegistryConfiguration.apiHost(for: domain), repository: repository,
                        credentials: credentials, actions: push ? ["pull", "push"] : ["pull"])
    }

    /// Mirror sessions for a docker.io pull, in the configured order.
    public func mirrorSessions(domain: String, repository: String) -> [RegistrySession] {
        guard domain == "docker.io" || domain == "index.docker.io" else { return [] }
        return configuration.mirrors.compactMap { mirror in
            let host = RegistryConfiguration.stripScheme(mirror)
            guard !host.isEmpty else { return nil }
            let scheme = mirror.hasPrefix("http://") ? "http" : "https"
            schemes.withLock { if $0[host] == nil { $0[host] = scheme } }
            return RegistrySession(client: self, host: host, repository: repository, credentials: .anonymous, actions: ["pull"])
        }
    }

    /// `docker login`: the registry's /v2/ endpoint accepts these credentials (after the token
    /// dance, when it asks for one). Throws docker's "login attempt … failed" text otherwise.
    public func checkLogin(domain: String, credentials: RegistryCredentials) async throws {
        let session = RegistrySession(client: self, host: RegistryConfiguration.apiHost(for: domain), repository: "",
                                      credentials: credentials, actions: [])
        try await session.login()
    }

    /// Repository names from `/v2/_catalog`, for `search`.
    public func catalog(domain: String, credentials: RegistryCredentials, limit: Int) async throws -> [String] {
        let session = RegistrySession(client: self, host: RegistryConfiguration.apiHost(for: domain), repository: "",
                                      credentials: credentials, actions: [])
        return try await session.catalog(limit: limit)
    }

    // MARK: transport

    func knownScheme(_ host: String) -> String? { schemes.withLock { $0[host] } }
    func remember(scheme: String, for host: String) { schemes.withLock { $0[host] = scheme } }

    func tlsConfiguration(for host: String) -> TLSConfiguration? {
        guard configuration.isInsecure(host) else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        return tls
    }

    /// One HTTP exchange. Transport failures become `RegistryError.transport` with docker's
    /// `Get "url": reason` shape.
    func execute(_ request: HTTPClientRequest, timeout: TimeAmount = .minutes(30)) async throws -> HTTPClientResponse {
        do {
            return try await http.execute(request, timeout: timeout)
        } catch {
            throw RegistryError(.transport, "\(request.method.rawValue.capitalized) \"\(request.url)\": \(Self.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            if error == .connectTimeout { return "dial tcp: i/o timeout" }
            if error == .readTimeout || error == .deadlineExceeded { return "net/http: request canceled (Client.Timeout exceeded)" }
            if error == .remoteConnectionClosed { return "EOF" }
        }
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connect: connection refused" }
        return text
    }

    /// Reads a small body (errors, tokens, manifests) whole.
    static func collect(_ response: HTTPClientResponse, limit: Int = 8 << 20) async throws -> [UInt8] {
        do {
            var buffer = try await response.body.collect(upTo: limit)
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch {
            throw RegistryError(.transport, "reading response: \(describe(error))")
        }
    }
}
