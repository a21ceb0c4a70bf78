import AsyncHTTPClient
import BerthCore
import FoundationEssentials
import NIOCore
import NIOHTTP1

/// One repository on one registry host, with the credentials it was opened with. It pings `/v2/`
/// once to learn the scheme and the auth challenge, then attaches a Basic header or a bearer token
/// (fetched for this repository's scopes) to every request, and renews the token on a 401.
public actor RegistrySession {
    let client: RegistryClient
    public nonisolated let host: String
    public nonisolated let repository: String
    let credentials: RegistryCredentials
    /// `pull` or `pull,push` on this repository, plus pull on any repository a mount reads from.
    var scopes: [String]
    var baseURL: String?
    var challenge: AuthChallenge?
    var authorization: String?

    init(client: RegistryClient, host: String, repository: String, credentials: RegistryCredentials, actions: [String]) {
        self.client = client
        self.host = host
        self.repository = repository
        self.credentials = credentials
        self.scopes = repository.isEmpty || actions.isEmpty ? [] : ["repository:\(repository):\(actions.joined(separator: ","))"]
    }

    /// `https://host` or, for an insecure host that does not speak TLS, `http://host`.
    func base() async throws -> String {
        if let baseURL { return baseURL }
        if let scheme = client.knownScheme(host) {
            baseURL = "\(scheme)://\(host)"
            return "\(scheme)://\(host)"
        }
        _ = try await ping()
        return baseURL ?? "https://\(host)"
    }

    /// GET /v2/: decides the scheme and records the challenge.
    @discardableResult
    func ping() async throws -> HTTPClientResponse {
        // An insecure host is asked over plain HTTP first: a registry answers 200 or 401 there, while
        // a TLS-only one answers 400, and then HTTPS (unverified) follows. Probing HTTPS first would
        // cost the connect deadline on every plain-HTTP registry, since failed TLS is retried.
        var schemes = ["https"]
        if let known = client.knownScheme(host) { schemes = [known] } else if client.configuration.isInsecure(host) { schemes = ["http", "https"] }
        var lastError: (any Error)?
        for scheme in schemes {
            var request = HTTPClientRequest(url: "\(scheme)://\(host)/v2/")
            request.headers.add(name: "User-Agent", value: client.configuration.userAgent)
            if scheme == "https" { request.tlsConfiguration = client.tlsConfiguration(for: host) }
            do {
                let response = try await client.execute(request, timeout: .seconds(10))
                _ = try? await RegistryClient.collect(response, limit: 1 << 16)
                if scheme == "http", schemes.count > 1, response.status != .ok, response.status != .unauthorized {
                    lastError = RegistryError(.transport, "Get \"http://\(host)/v2/\": \(response.status.code) \(response.status.reasonPhrase)")
                    continue
                }
                client.remember(scheme: scheme, for: host)
                baseURL = "\(scheme)://\(host)"
                if response.status == .unauthorized {
                    challenge = response.headers["WWW-Authenticate"].flatMap(AuthChallenge.parse).first
                }
                return response
            } catch {
                lastError = error
            }
        }
        if schemes == ["https"], await Self.answersPlainHTTP(client: client, host: host) {
            throw RegistryError(.transport, "Get \"https://\(host)/v2/\": http: server gave HTTP response to HTTPS client")
        }
        throw lastError ?? RegistryError(.transport, "Get \"https://\(host)/v2/\": no answer")
    }

    /// A TLS failure against a host that answers plain HTTP gets docker's hint-bearing message.
    static func answersPlainHTTP(client: RegistryClient, host: String) async -> Bool {
        var request = HTTPClientRequest(url: "http://\(host)/v2/")
        request.method = .GET
        guard let response = try? await client.http.execute(request, timeout: .seconds(5)) else { return false }
        _ = try? await response.body.collect(upTo: 1 << 16)
        return true
    }

    /// `docker login`: /v2/ must answer 200 with these credentials.
    func login() async throws {
        let response = try await ping()
        let url = "\(baseURL ?? "https://\(host)")/v2/"
        if response.status == .ok { return }
        guard response.status == .unauthorized, challenge != nil else {
            throw RegistryError(.unexpected, "login attempt to \(url) failed with status: \(response.status.code) \(response.status.reasonPhrase)", status: Int(response.status.code))
        }
        guard !credentials.isAnonymous else {
            throw RegistryError(.unauthorized, "Get \"\(url)\": unauthorized: authentication required", status: 401)
        }
        try await authorize()
        let again = try await send(.GET, path: "/v2/", retryAuth: false)
        _ = try? await RegistryClient.collect(again, limit: 1 << 16)
        guard again.status == .ok else {
            throw RegistryError(.unauthorized, "login attempt to \(url) failed with status: \(again.status.code) \(again.status.reasonPhrase)", status: Int(again.status.code))
        }
    }

    /// Adds `repository:<other>:pull` so a cross-repository mount may read the source.
    func addPullScope(_ other: String) {
        let scope = "repository:\(other):pull"
        guard !scopes.contains(scope) else { return }
        scopes.append(scope)
        if challenge?.scheme == "bearer" { authorization = nil }
    }

    /// Turns the challenge into an Authorization header: Basic directly, Bearer through the token
    /// server at the challenge's realm.
    func authorize() async throws {
        guard let challenge else { authorization = nil; return }
        switch challenge.scheme {
        case "basic":
            authorization = credentials.basicAuthorization
        case "bearer":
            if !credentials.registryToken.isEmpty {
                authorization = "Bearer " + credentials.registryToken
                return
            }
            let fetcher = TokenFetcher(client: client, challenge: challenge, credentials: credentials)
            authorization = "Bearer " + (try await fetcher.token(scopes: scopes))
        default:
            throw RegistryError(.unsupported, "registry \(host) asks for unsupported authentication scheme \(challenge.scheme)")
        }
    }

    /// One request with auth and redirects. A 401 refreshes the authorization once (the token may
    /// have expired or lack a scope). `url` may be absolute (an upload location) or a path.
    func send(_ method: HTTPMethod, path: String, headers: HTTPHeaders = [:], body: (@Sendable () -> HTTPClientRequest.Body?)? = nil,
              retryAuth: Bool = true, followRedirects: Bool = false) async throws -> HTTPClientResponse {
        let base = try await base()
        if authorization == nil, challenge != nil { try await authorize() }
        var url = path.hasPrefix("http://") || path.hasPrefix("https://") ? path : base + path
        var sendAuthorization = true
        var redirects = 0
        var refreshed = !retryAuth
        while true {
            var request = HTTPClientRequest(url: url)
            request.method = method
            request.headers = headers
            request.headers.replaceOrAdd(name: "User-Agent", value: client.configuration.userAgent)
            if sendAuthorization, let authorization { request.headers.replaceOrAdd(name: "Authorization", value: authorization) }
            if url.hasPrefix("https://") { request.tlsConfiguration = client.tlsConfiguration(for: host) }
            request.body = body?()
            let response = try await client.execute(request)
            if response.status == .unauthorized, sendAuthorization, !refreshed {
                refreshed = true
                _ = try? await RegistryClient.collect(response, limit: 1 << 16)
                if let offered = response.headers["WWW-Authenticate"].flatMap(AuthChallenge.parse).first {
                    challenge = offered
                }
                try await authorize()
                continue
            }
            if followRedirects, [301, 302, 303, 307, 308].contains(Int(response.status.code)),
               let location = response.headers.first(name: "Location"), redirects < 10 {
                _ = try? await RegistryClient.collect(response, limit: 1 << 16)
                let next = Self.resolve(location, against: url)
                // Storage backends get no registry credentials.
                if Self.origin(of: next) != Self.origin(of: url) { sendAuthorization = false }
                url = next
                redirects += 1
                continue
            }
            return response
        }
    }

    static func origin(of url: String) -> String {
        guard let schemeEnd = url.firstRange(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" }
        return String(url[..<schemeEnd.upperBound]) + host
    }

    static func resolve(_ location: String, against url: String) -> String {
        if location.hasPrefix("http://") || location.hasPrefix("https://") { return location }
        if location.hasPrefix("/") { return origin(of: url) + location }
        let path = url.prefix { $0 != "?" }
        guard let slash = path.lastIndex(of: "/") else { return location }
        return String(path[...slash]) + location
    }

    /// The registry's `{"errors":[{code,message}]}` as docker prints it: `manifest unknown: manifest unknown`.
    static func errorText(_ body: [UInt8], status: HTTPResponseStatus) -> String {
        if let value = try? JSONValue.parse(body), let errors = value["errors"]?.array, !errors.isEmpty {
            return errors.map { error -> String in
                let code = (error["code"]?.string ?? "").lowercased().replacing("_", with: " ")
                let message = error["message"]?.string ?? ""
                return code.isEmpty ? message : "\(code): \(message)"
            }.joined(separator: ", ")
        }
        return "\(status.code) \(status.reasonPhrase)"
    }

    /// A failure response as a RegistryError; the body is read for the registry's own words.
    /// `body` is the response body when the caller has read it already (a body is read only once).
    nonisolated func failure(_ response: HTTPClientResponse, body alreadyRead: [UInt8]? = nil, what: String) async -> RegistryError {
        let body: [UInt8]
        if let alreadyRead { body = alreadyRead } else { body = (try? await RegistryClient.collect(response, limit: 1 << 20)) ?? [] }
        let text = Self.errorText(body, status: response.status)
        let status = Int(response.status.code)
        switch response.status {
        case .notFound: return RegistryError(.notFound, "\(what): \(text)", status: status)
        case .unauthorized: return RegistryError(.unauthorized, "\(what): \(text)", status: status)
        case .forbidden: return RegistryError(.denied, "\(what): \(text)", status: status)
        default: return RegistryError(.unexpected, "\(what): \(text)", status: status)
        }
    }
}
