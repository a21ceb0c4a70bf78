/// The daemon settings the container service needs (from flags and daemon.json).
public struct ContainerServiceOptions: Sendable {
    public var dataRoot: String
    public var logDriver: String = "json-file"
    public var logOptions: [String: String] = [:]
    /// The runtime binary for the shim (name or path); empty leaves the supervisor's default.
    public var runtime: String = ""
    /// Named runtimes (`--runtime NAME`): name → binary path.
    public var runtimes: [String: String] = [:]
    public var snapshotter: String = "overlayfs"
    /// The static init binary for `--init` (bound at /sbin/docker-init); nil refuses `--init`.
    public var initPath: String?

    public init(dataRoot: String) {
        self.dataRoot = dataRoot
    }

    public var containersRoot: String { dataRoot + "/containers" }
}
