/// A resource limit (`--ulimit nofile=1024:2048`).
public struct Ulimit: Codable, Sendable, Equatable {
    public var name: String = ""
    public var hard: Int64 = 0
    public var soft: Int64 = 0

    public init(name: String = "", hard: Int64 = 0, soft: Int64 = 0) {
        self.name = name
        self.hard = hard
        self.soft = soft
    }

    enum CodingKeys: String, GoJSONKey {
        case name = "Name"
        case hard = "Hard"
        case soft = "Soft"
    }
}
