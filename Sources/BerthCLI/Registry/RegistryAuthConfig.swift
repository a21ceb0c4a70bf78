/// registry.AuthConfig: the credentials the CLI hands the daemon, in the `X-Registry-Auth` header of
/// pull/push/search and as the body of `POST /auth`. The field order and omitempty rules are Go's
/// json.Marshal of that struct, so the bytes match what the docker CLI sends.
public struct RegistryAuthConfig: Equatable, Sendable {
    public var username = ""
    public var password = ""
    public var auth = ""
    public var email = ""
    public var serverAddress = ""
    public var identityToken = ""
    public var registryToken = ""

    public init(username: String = "", password: String = "", serverAddress: String = "", identityToken: String = "",
                registryToken: String = "", email: String = "") {
        self.username = username
        self.password = password
        self.serverAddress = serverAddress
        self.identityToken = identityToken
        self.registryToken = registryToken
        self.email = email
    }

    /// `X-Registry-Auth` for "no credentials": base64url of `{}`.
    public static let emptyHeader = "e30="

    /// json.Marshal(AuthConfig): empty fields are left out.
    public var json: String {
        var parts: [String] = []
        for (key, value) in [("username", username), ("password", password), ("auth", auth), ("email", email),
                             ("serveraddress", serverAddress), ("identitytoken", identityToken), ("registrytoken", registryToken)]
        where !value.isEmpty {
            var quoted = ""
            GoJSON.writeString(value, into: &quoted, escapeHTML: true)
            parts.append("\"\(key)\":\(quoted)")
        }
        return "{" + parts.joined(separator: ",") + "}"
    }

    /// registry.EncodeAuthConfig: base64url (with padding) of the JSON, as the daemon decodes it.
    public var headerValue: String {
        Base64.encode(Array(json.utf8), urlSafe: true)
    }

    /// Whether there is anything to log in with (a password or an identity token).
    public var hasSecret: Bool { !password.isEmpty || !identityToken.isEmpty || !registryToken.isEmpty }
}
