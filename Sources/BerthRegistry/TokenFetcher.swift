import AsyncHTTPClient
import BerthCore
import FoundationEssentials
import NIOCore
import NIOHTTP1

/// Docker's token protocol (distribution's token.md and oauth.md): GET the challenge's realm with
/// service and scopes, Basic credentials when there are any; or, with an identity token, POST an
/// OAuth2 refresh_token grant. The answer's `token` or `access_token` is the bearer token.
struct TokenFetcher {
    let client: RegistryClient
    let challenge: AuthChallenge
    let credentials: RegistryCredentials

    func token(scopes: [String]) async throws -> String {
        guard let realm = challenge.realm, realm.hasPrefix("http://") || realm.hasPrefix("https://") else {
            throw RegistryError(.unauthorized, "registry token challenge has no usable realm")
        }
        var query: [(String, String)] = []
        if let service = challenge.service { query.append(("service", service)) }
        for scope in scopes { query.append(("scope", scope)) }
        if let scope = challenge.scope, !scopes.contains(scope) { query.append(("scope", scope)) }
        var request: HTTPClientRequest
        if !credentials.identityToken.isEmpty {
            request = HTTPClientRequest(url: realm)
            request.method = .POST
            var form = query
            form.append(("grant_type", "refresh_token"))
            form.append(("refresh_token", credentials.identityToken))
            form.append(("client_id", "berth"))
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: Self.encode(form)))
        } else {
            request = HTTPClientRequest(url: query.isEmpty ? realm : realm + (realm.contains("?") ? "&" : "?") + Self.encode(query))
            request.method = .GET
            if let basic = credentials.basicAuthorization { request.headers.add(name: "Authorization", value: basic) }
        }
        request.headers.add(name: "User-Agent", value: client.configuration.userAgent)
        if realm.hasPrefix("https://"), let host = Self.host(of: realm) { request.tlsConfiguration = client.tlsConfiguration(for: host) }
        let response = try await client.execute(request, timeout: .seconds(60))
        let body = try await RegistryClient.collect(response, limit: 1 << 20)
        guard response.status == .ok else {
            let text = RegistrySession.errorText(body, status: response.status)
            if response.status == .unauthorized {
                throw RegistryError(.unauthorized, "unauthorized: \(text == "401 Unauthorized" ? "incorrect username or password" : text)", status: 401)
            }
            throw RegistryError(.denied, "token server \(realm) answered \(text)", status: Int(response.status.code))
        }
        guard let value = try? JSONValue.parse(body),
              let token = [value["token"]?.string, value["access_token"]?.string].compactMap({ $0 }).first(where: { !$0.isEmpty }) else {
            throw RegistryError(.unauthorized, "token server \(realm) answered without a token")
        }
        return token
    }

    static func host(of url: String) -> String? {
        guard let start = url.firstRange(of: "://") else { return nil }
        return String(url[start.upperBound...].prefix { $0 != "/" && $0 != "?" })
    }

    static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
    }

    static func percentEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
