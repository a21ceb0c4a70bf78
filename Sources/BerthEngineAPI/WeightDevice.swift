/// A per-device block IO weight.
public struct WeightDevice: Codable, Sendable, Equatable {
    public var path: String = ""
    public var weight: UInt16 = 0

    public init(path: String = "", weight: UInt16 = 0) {
        self.path = path
        self.weight = weight
    }

    enum CodingKeys: String, GoJSONKey {
        case path = "Path"
        case weight = "Weight"
    }
}
