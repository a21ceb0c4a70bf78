/// Where the supervisor keeps things. Defaults follow ARCHITECTURE.md's on-disk layout; every path
/// can be overridden by a flag.
public struct SupervisorConfiguration: Sendable {
    /// Persistent data: content/, snapshots/, metadata.db.
    public var root: String = "/var/lib/berth/supervisor"
    /// Volatile state: shims/<namespace>/<id> bundles and s/ shim sockets.
    public var stateRoot: String = "/run/berth"
    public var socketPath: String = "/run/berth/supervisor.sock"
    public var shimBinary: String = "berth-shim"
    public var defaultRuntime: String = "berth-runtime"
    public var runtimeRoot: String = "/run/berth/runtime"
    /// "overlayfs", "native", or nil to probe.
    public var defaultSnapshotter: String? = nil
    public var debug = false

    public init() {}
}
