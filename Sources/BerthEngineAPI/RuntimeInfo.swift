/// An OCI runtime the daemon can use (`Runtimes` in `GET /info`).
public struct RuntimeInfo: Codable, Sendable, Equatable {
    public var path: String = ""
    public var runtimeArgs: [String]?

    public init(path: String = "", runtimeArgs: [String]? = nil) {
        self.path = path
        self.runtimeArgs = runtimeArgs
    }

    enum CodingKeys: String, GoJSONKey {
        case path = "path"
        case runtimeArgs = "runtimeArgs"

        var omitsEmpty: Bool { true }
    }
}
