import BerthOCI

/// What the runtime persists in `<root>/<id>/state.json`: enough to find, verify and tear down the
/// container from any later invocation. The init's start time guards against pid reuse.
public struct ContainerRecord: Codable, Sendable {
    public var id: String
    public var bundle: String
    public var rootfs: String
    public var initPid: Int32
    public var initStartTime: UInt64
    public var created: String
    public var owner: String
    public var cgroupPaths: [String: String]
    public var config: Spec
    public var noPivot: Bool?
    public var paused: Bool?

    public init(id: String, bundle: String, rootfs: String, initPid: Int32, initStartTime: UInt64,
                created: String, owner: String, cgroupPaths: [String: String], config: Spec, noPivot: Bool?) {
        self.id = id
        self.bundle = bundle
        self.rootfs = rootfs
        self.initPid = initPid
        self.initStartTime = initStartTime
        self.created = created
        self.owner = owner
        self.cgroupPaths = cgroupPaths
        self.config = config
        self.noPivot = noPivot
    }
}
