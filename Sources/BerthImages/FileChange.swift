/// One line of `docker diff` (`GET /containers/{id}/changes`): `{"Path":"/etc","Kind":0}`.
public struct FileChange: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Docker's numbering: 0 modified, 1 added, 2 deleted.
    public enum Kind: Int, Sendable, Codable {
        case modified = 0
        case added = 1
        case deleted = 2
    }

    public var path: String
    public var kind: Kind

    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    enum CodingKeys: String, CodingKey {
        case path = "Path", kind = "Kind"
    }

    public var description: String {
        switch kind {
        case .modified: "C \(path)"
        case .added: "A \(path)"
        case .deleted: "D \(path)"
        }
    }
}
