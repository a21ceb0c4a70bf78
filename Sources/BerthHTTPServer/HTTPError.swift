import BerthCore

/// An error a handler throws to answer with a status and dockerd's `{"message": ...}` body.
/// Other errors are mapped by `HTTPError.init(mapping:)`.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPStatus
    public var message: String

    public init(_ status: HTTPStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { "\(status.code): \(message)" }

    /// The status dockerd's errdefs would give: not found 404, conflicts 409, bad input 400, and so on.
    public init(mapping error: any Error) {
        switch error {
        case let error as HTTPError:
            self = error
        case let error as BerthError:
            let status: HTTPStatus = switch error.code {
            case .notFound: .notFound
            case .alreadyExists, .illegalState: .conflict
            case .invalidArgument, .invalidConfig: .badRequest
            case .unsupported: .notImplemented
            case .timeout: .gatewayTimeout
            case .system: .internalServerError
            }
            self.init(status, error.description)
        default:
            self.init(.internalServerError, "\(error)")
        }
    }
}
