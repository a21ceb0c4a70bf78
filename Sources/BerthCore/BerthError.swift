/// The one error type of the lower layers. `message` is lowercase and names the path, id or field at
/// fault; `cause` carries the underlying reason (an errno text or a nested error).
public struct BerthError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        case invalidArgument, invalidConfig, notFound, alreadyExists, illegalState, system, timeout, unsupported
    }

    public var code: Code
    public var message: String
    public var cause: String?

    public init(_ code: Code, _ message: String, cause: String? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        guard let cause, !cause.isEmpty else { return message }
        return "\(message): \(cause)"
    }
}
