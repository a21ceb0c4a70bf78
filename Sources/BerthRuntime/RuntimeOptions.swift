/// Global flags of the runc-compatible CLI.
public struct RuntimeOptions: Sendable {
    public var root: String
    public var systemdCgroup: Bool
    public var debug: Bool

    public init(root: String = "/run/berth-runtime", systemdCgroup: Bool = false, debug: Bool = false) {
        self.root = root
        self.systemdCgroup = systemdCgroup
        self.debug = debug
    }
}
