import BerthOCI

/// What the runtime persists in `<root>/<id>/state.json`: enough to find, verify and tear down the
/// container from any later invocation. The init's start time guards against pid reuse. The full
/// config is kept beside it (`config.json`) and read only by the verbs that need it (exec, update):
/// start, kill, state and delete decode this small record alone, which keeps them fast.
public struct ContainerRecord: Codable, Sendable {
    public var id: String
    public var bundle: String
    public var rootfs: String
    public var initPid: Int32
    public var initStartTime: UInt64
    public var created: String
    public var cgroupPaths: [String: String]
    public var annotations: [String: String]?
    public var hooks: Hooks?
    public var noPivot: Bool?
    public var paused: Bool?

    public init(id: String, bundle: String, rootfs: String, initPid: Int32, initStartTime: UInt64,
                created: String, cgroupPaths: [String: String], annotations: [String: String]?, hooks: Hooks?, noPivot: Bool?) {
        self.id = id
        self.bundle = bundle
        self.rootfs = rootfs
        self.initPid = initPid
        self.initStartTime = initStartTime
        self.created = created
        self.cgroupPaths = cgroupPaths
        self.annotations = annotations
        self.hooks = hooks
        self.noPivot = noPivot
    }
}
