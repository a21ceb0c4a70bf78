/// The body of `POST /containers/{id}/wait`, written when the condition is met:
/// `{"Error":null,"StatusCode":0}`.
public struct ContainerWaitResponse: Codable, Sendable, Equatable {
    public var error: ContainerWaitExitError?
    public var statusCode: Int64 = 0

    public init(error: ContainerWaitExitError? = nil, statusCode: Int64 = 0) {
        self.error = error
        self.statusCode = statusCode
    }

    enum CodingKeys: String, GoJSONKey {
        case error = "Error"
        case statusCode = "StatusCode"
    }
}
