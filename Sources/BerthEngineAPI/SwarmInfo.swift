/// Swarm state in `GET /info`; Berth has no swarm, so `LocalNodeState` is "inactive".
public struct SwarmInfo: Codable, Sendable, Equatable, GoZeroValue {
    public var nodeID: String = ""
    public var nodeAddr: String = ""
    public var localNodeState: String = ""
    public var controlAvailable: Bool = false
    public var error: String = ""
    public var remoteManagers: [EmptyObject]?

    public init(nodeID: String = "", nodeAddr: String = "", localNodeState: String = "", controlAvailable: Bool = false, error: String = "", remoteManagers: [EmptyObject]? = nil) {
        self.nodeID = nodeID
        self.nodeAddr = nodeAddr
        self.localNodeState = localNodeState
        self.controlAvailable = controlAvailable
        self.error = error
        self.remoteManagers = remoteManagers
    }

    /// The Go zero value: what a request that omits this object means.
    public init() {}

    enum CodingKeys: String, GoJSONKey {
        case nodeID = "NodeID"
        case nodeAddr = "NodeAddr"
        case localNodeState = "LocalNodeState"
        case controlAvailable = "ControlAvailable"
        case error = "Error"
        case remoteManagers = "RemoteManagers"
    }
}
