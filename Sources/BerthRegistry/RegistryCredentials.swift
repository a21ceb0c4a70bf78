import FoundationEssentials

/// What the client presents to a registry: the `X-Registry-Auth` fields docker's CLI sends. A
/// registry token is used as-is; an identity token is an OAuth refresh token for the token server.
public struct RegistryCredentials: Sendable, Equatable {
    public var username: String
    public var password: String
    public var identityToken: String
    public var registryToken: String

    public init(username: String = "", password: String = "", identityToken: String = "", registryToken: String = "") {
        self.username = username
        self.password = password
        self.identityToken = identityToken
        self.registryToken = registryToken
    }

    public static let anonymous = RegistryCredentials()

    public var isAnonymous: Bool { username.isEmpty && password.isEmpty && identityToken.isEmpty && registryToken.isEmpty }

    /// `Basic base64(user:pass)`.
    var basicAuthorization: String? {
        guard !username.isEmpty || !password.isEmpty else { return nil }
        return "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }
}
