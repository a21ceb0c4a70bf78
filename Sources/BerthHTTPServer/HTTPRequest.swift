/// One request as a handler sees it: routed, with the version prefix removed and negotiated.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The decoded path without the `/v1.NN` prefix: `/containers/web/json`.
    public var path: String
    /// The request target as sent, prefix and query included.
    public var target: String
    /// Values of the pattern's `{name}` segments, decoded.
    public var pathParameters: [String: String]
    public var query: QueryParameters
    public var headers: HTTPHeaderFields
    /// The version this request speaks: the path's `/v1.NN`, or the server's current version when the
    /// path has none. Handlers shape their answers by it (e.g. multiplexed content type from 1.42).
    public var apiVersion: APIVersion
    /// True when the path carried an explicit version prefix.
    public var isVersioned: Bool
    public var body: RequestBody

    public init(method: HTTPMethod, path: String, target: String? = nil, pathParameters: [String: String] = [:],
                query: QueryParameters = QueryParameters(), headers: HTTPHeaderFields = HTTPHeaderFields(),
                apiVersion: APIVersion = .current, isVersioned: Bool = false, body: RequestBody = .empty()) {
        self.method = method
        self.path = path
        self.target = target ?? path
        self.pathParameters = pathParameters
        self.query = query
        self.headers = headers
        self.apiVersion = apiVersion
        self.isVersioned = isVersioned
        self.body = body
    }

    /// A path parameter the route pattern declares; throws 400 if it is somehow absent or empty.
    public func parameter(_ name: String) throws -> String {
        guard let value = pathParameters[name], !value.isEmpty else {
            throw HTTPError(.badRequest, "missing path parameter \(name)")
        }
        return value
    }

    /// `Connection: Upgrade` with `Upgrade: tcp`: the client wants a `101` hijack.
    public var wantsUpgrade: Bool {
        headers.hasToken("upgrade", in: "Connection") && headers.hasToken("tcp", in: "Upgrade")
    }
}
