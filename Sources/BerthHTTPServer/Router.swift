/// A request handler: gets the routed request, returns what to answer. Throwing `HTTPError` answers
/// with its status; a `BerthError` maps by code (not found 404, exists 409, invalid 400); anything
/// else is a 500.
public typealias HTTPHandler = @Sendable (HTTPRequest) async throws -> HTTPResponse

/// Routes by method and version-less path. Register patterns without the `/v1.NN` prefix; requests
/// match with or without one. A `HEAD` with no route of its own runs the `GET` route without its body.
public struct Router: Sendable {
    struct Route: Sendable {
        let method: HTTPMethod
        let pattern: RoutePattern
        let handler: HTTPHandler
    }

    enum Match {
        case found(HTTPHandler, [String: String])
        case methodNotAllowed
        case notFound
    }

    private var routes: [Route] = []

    public init() {}

    /// Registers `handler` for `method` on `pattern` (`/containers/{id}/json`, `/images/{name...}/tag`).
    /// Throws for a malformed pattern.
    public mutating func register(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping HTTPHandler) throws {
        routes.append(Route(method: method, pattern: try RoutePattern(pattern), handler: handler))
        // Stable sort: among equally specific routes, registration order decides.
        routes = routes.enumerated().sorted { lhs, rhs in
            let l = lhs.element.pattern.specificity, r = rhs.element.pattern.specificity
            if l.literals != r.literals { return l.literals > r.literals }
            if l.fixedLength != r.fixedLength { return l.fixedLength }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    public mutating func get(_ pattern: String, _ handler: @escaping HTTPHandler) throws { try register(.get, pattern, handler) }
    public mutating func head(_ pattern: String, _ handler: @escaping HTTPHandler) throws { try register(.head, pattern, handler) }
    public mutating func post(_ pattern: String, _ handler: @escaping HTTPHandler) throws { try register(.post, pattern, handler) }
    public mutating func put(_ pattern: String, _ handler: @escaping HTTPHandler) throws { try register(.put, pattern, handler) }
    public mutating func delete(_ pattern: String, _ handler: @escaping HTTPHandler) throws { try register(.delete, pattern, handler) }

    /// True when some route serves `method` on exactly this pattern text.
    func hasRoute(_ method: HTTPMethod, _ pattern: String) -> Bool {
        routes.contains { $0.method == method && $0.pattern.text == pattern }
    }

    func match(_ method: HTTPMethod, path: String) -> Match {
        let pieces = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        let segments = Array(pieces.last == "" && pieces.count > 1 ? pieces.dropLast() : pieces)
        var pathMatched = false
        var getFallback: (HTTPHandler, [String: String])?
        for route in routes {
            guard let parameters = route.pattern.match(segments) else { continue }
            if route.method == method { return .found(route.handler, parameters) }
            if method == .head, route.method == .get, getFallback == nil { getFallback = (route.handler, parameters) }
            pathMatched = true
        }
        if let getFallback { return .found(getFallback.0, getFallback.1) }
        return pathMatched ? .methodNotAllowed : .notFound
    }
}
