import BerthCore

/// `POST /containers/{id}/wait?condition=`: what the caller waits for.
public enum WaitCondition: String, Sendable {
    case notRunning = "not-running"
    case nextExit = "next-exit"
    case removed

    public init(query: String?) throws {
        guard let query, !query.isEmpty else {
            self = .notRunning
            return
        }
        guard let condition = WaitCondition(rawValue: query) else {
            throw BerthError(.invalidArgument, "invalid condition: \"\(query)\"")
        }
        self = condition
    }
}

/// What a wait resolves to: `{"StatusCode": n, "Error": {"Message": …}}`.
public struct WaitOutcome: Sendable {
    public var statusCode: Int
    public var error: String?
}
