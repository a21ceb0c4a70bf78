/// The registry layer's one error type. `message` is what docker prints after "Error response from
/// daemon: " for the same failure, so the engine can pass it through unchanged.
public struct RegistryError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        /// 401 after authenticating (or no credentials where some are needed).
        case unauthorized
        /// 403, or a token server refusing the scope.
        case denied
        /// The manifest, tag, repository or blob does not exist.
        case notFound
        /// A document the client cannot use: schema1, unknown media type, bad JSON.
        case invalidManifest
        /// The index has no entry for the wanted platform.
        case noMatchingPlatform
        /// The bytes received do not hash to the digest that named them.
        case digestMismatch
        /// Connection refused, reset, TLS failure, timeout: worth a retry.
        case transport
        /// The registry does not offer the operation (search without `_catalog`).
        case unsupported
        /// Any other status the registry answered with.
        case unexpected
    }

    public var code: Code
    public var message: String
    /// The HTTP status, when one was received.
    public var status: Int?

    public init(_ code: Code, _ message: String, status: Int? = nil) {
        self.code = code
        self.message = message
        self.status = status
    }

    public var description: String { message }

    /// Failures that a later attempt may not repeat.
    public var isTransient: Bool {
        code == .transport || (status.map { $0 >= 500 || $0 == 429 } ?? false)
    }
}
