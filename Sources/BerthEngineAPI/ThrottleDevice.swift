/// A per-device block IO rate limit (bytes or operations per second).
public struct ThrottleDevice: Codable, Sendable, Equatable {
    public var path: String = ""
    public var rate: UInt64 = 0

    public init(path: String = "", rate: UInt64 = 0) {
        self.path = path
        self.rate = rate
    }

    enum CodingKeys: String, GoJSONKey {
        case path = "Path"
        case rate = "Rate"
    }
}
