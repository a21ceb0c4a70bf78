import BerthEngineAPI

/// Everything berthd keeps about one container, persisted as `<data-root>/containers/<id>/config.v2.json`
/// (dockerd's file name). The API views (inspect, list) are computed from it; the supervisor holds
/// only what a running task needs, so a berthd restart rebuilds its whole state from these files.
public struct ContainerRecord: Codable, Sendable {
    public var id: String
    /// Without the leading slash.
    public var name: String
    /// RFC 3339 with nanoseconds.
    public var created: String
    public var path: String
    public var args: [String]
    public var config: ContainerConfig
    public var hostConfig: HostConfig
    /// The image id (`sha256:…`); `config.image` keeps the name the user gave.
    public var imageID: String
    public var state: ContainerState
    public var restartCount: Int = 0
    public var logPath: String = ""
    public var hostnamePath: String = ""
    public var hostsPath: String = ""
    public var resolvConfPath: String = ""
    public var snapshotter: String
    /// The read-write snapshot, prepared at create and removed with the container.
    public var snapshotKey: String
    /// The image's chain id: the parent of the snapshot.
    public var chainID: String
    /// Set by `docker stop`/`kill` so a restart policy leaves the container alone.
    public var manuallyStopped: Bool = false
    /// Whether the container ever started (dockerd's `HasBeenStartedBefore`).
    public var hasBeenStarted: Bool = false
    /// Volumes (and `--volumes-from` binds) resolved at create; nil in records older than volumes.
    public var mountPoints: [ContainerMountPoint]? = nil
    /// NetworkingConfig endpoint settings by network name (from create and `network connect`).
    public var endpointsConfig: [String: EndpointSettings]? = nil
    /// The namespace, endpoints and ports berthd set up while the container runs.
    public var network: ContainerNetworkState? = nil

    public init(id: String, name: String, created: String, path: String, args: [String], config: ContainerConfig,
                hostConfig: HostConfig, imageID: String, snapshotter: String, chainID: String) {
        self.id = id
        self.name = name
        self.created = created
        self.path = path
        self.args = args
        self.config = config
        self.hostConfig = hostConfig
        self.imageID = imageID
        self.state = ContainerState(status: "created", startedAt: ContainerRecord.zeroTime, finishedAt: ContainerRecord.zeroTime)
        self.snapshotter = snapshotter
        self.snapshotKey = id
        self.chainID = chainID
    }

    /// Go's zero `time.Time` as dockerd prints unset times.
    public static let zeroTime = "0001-01-01T00:00:00Z"

    public var isRunning: Bool { state.running }
    public var isPaused: Bool { state.paused }
    public var shortID: String { String(id.prefix(12)) }
}
