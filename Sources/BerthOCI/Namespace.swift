public struct Namespace: Codable, Sendable, Equatable {
    public var type: NamespaceType
    public var path: String?
    public init(type: NamespaceType, path: String? = nil) {
        self.type = type
        self.path = path
    }
}

/// An open string enum: unknown values decode, and validation (not decoding) rejects them, so the
/// error can name the field that holds them.
public struct NamespaceType: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
    public var description: String { rawValue }

    public static let pid = NamespaceType("pid")
    public static let network = NamespaceType("network")
    public static let mount = NamespaceType("mount")
    public static let ipc = NamespaceType("ipc")
    public static let uts = NamespaceType("uts")
    public static let user = NamespaceType("user")
    public static let cgroup = NamespaceType("cgroup")
    public static let time = NamespaceType("time")

    public static let known: [NamespaceType] = [.pid, .network, .mount, .ipc, .uts, .user, .cgroup, .time]
}
