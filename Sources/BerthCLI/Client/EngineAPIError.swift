/// A daemon error reply (`{"message":"..."}` with a 4xx/5xx status). Printed by the CLI as
/// `Error response from daemon: <message>`.
public struct EngineAPIError: Error, CustomStringConvertible, Sendable {
    public var statusCode: Int
    public var message: String

    public init(statusCode: Int, message: String) {
        self.statusCode = statusCode
        self.message = message
    }

    public var description: String { "Error response from daemon: \(message)" }
    public var isNotFound: Bool { statusCode == 404 }
}
