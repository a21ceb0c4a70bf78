import BerthCore
import BerthRegistry
import FoundationEssentials

/// The `X-Registry-Auth` header (and `/auth` body): base64url JSON of docker's AuthConfig. An absent
/// or empty header is anonymous; a malformed one is refused rather than silently ignored.
enum RegistryAuthHeader {
    static func credentials(_ header: String?) throws -> RegistryCredentials {
        guard let header, !header.isEmpty else { return .anonymous }
        var text = header.replacing("-", with: "+").replacing("_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text), let json = try? JSONValue.parse(Array(data)) else {
            throw BerthError(.invalidArgument, "invalid X-Registry-Auth header: not base64-encoded JSON")
        }
        return credentials(json)
    }

    /// AuthConfig fields; `auth` (base64 `user:pass`) fills username and password when they are absent.
    static func credentials(_ json: JSONValue) -> RegistryCredentials {
        var out = RegistryCredentials(username: json["username"]?.string ?? "", password: json["password"]?.string ?? "",
                                      identityToken: json["identitytoken"]?.string ?? "", registryToken: json["registrytoken"]?.string ?? "")
        if out.username.isEmpty, let auth = json["auth"]?.string, let data = Data(base64Encoded: auth) {
            let pair = String(decoding: data, as: UTF8.self)
            if let colon = pair.firstIndex(of: ":") {
                out.username = String(pair[..<colon])
                out.password = String(pair[pair.index(after: colon)...])
            }
        }
        return out
    }
}
