/// Options of an image mount.
public struct MountImageOptions: Codable, Sendable, Equatable {
    public var subpath: String = ""

    public init(subpath: String = "") {
        self.subpath = subpath
    }

    enum CodingKeys: String, GoJSONKey {
        case subpath = "Subpath"

        var omitsEmpty: Bool { true }
    }
}
