/// An Engine API version, `1.50`. Compared numerically (1.9 < 1.24), as dockerd compares them.
public struct APIVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `1.50` (and `1`, meaning 1.0, which dockerd's path pattern `[0-9.]+` also admits).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let major = Int(parts[0]), major >= 0 else { return nil }
        var minor = 0
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), parsed >= 0 else { return nil }
            minor = parsed
        }
        self.init(major, minor)
    }

    public var description: String { "\(major).\(minor)" }

    public static func < (lhs: APIVersion, rhs: APIVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    /// The newest version Berth speaks (docker CLI 28's own maximum).
    public static let current = APIVersion(1, 50)
    /// The oldest version dockerd >= 25 still accepts.
    public static let minimum = APIVersion(1, 24)
}
