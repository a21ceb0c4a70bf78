/// `{"id": 7, "method": "kill", "params": {...}}`. The id is the caller's; the shim echoes it so several
/// calls can be in flight on one connection (a parked `wait` next to a `state`).
public struct ShimRequest<Params: Codable & Sendable>: Codable, Sendable {
    public var id: UInt32
    public var method: String
    public var params: Params

    public init(id: UInt32, method: ShimMethod, params: Params) {
        self.id = id
        self.method = method.rawValue
        self.params = params
    }
}

/// The part of a request the shim reads first, to pick the params type.
public struct ShimRequestHeader: Codable, Sendable {
    public var id: UInt32
    public var method: String
}

/// `{"id": 7, "result": {...}}` or `{"id": 7, "error": {"code": "notFound", "message": "..."}}`.
public struct ShimResponse<Result: Codable & Sendable>: Codable, Sendable {
    public var id: UInt32
    public var result: Result?
    public var error: ShimError?

    public init(id: UInt32, result: Result) {
        self.id = id
        self.result = result
        self.error = nil
    }
}

/// A response's id and error, read before the result (whose type depends on the call).
public struct ShimResponseHeader: Codable, Sendable {
    public var id: UInt32
    public var error: ShimError?

    public init(id: UInt32, error: ShimError?) {
        self.id = id
        self.error = error
    }
}

/// A frame on a subscribed connection.
public struct ShimEventFrame: Codable, Sendable {
    public var event: ShimEvent

    public init(event: ShimEvent) { self.event = event }
}

/// Params or result of calls that carry nothing.
public struct ShimEmpty: Codable, Sendable, Equatable {
    public init() {}
}
