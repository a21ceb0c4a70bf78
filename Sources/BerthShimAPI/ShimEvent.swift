/// What a subscribed connection receives. Topics: create, start, exit, oom, exec-added, exec-started,
/// delete, paused, resumed.
public struct ShimEvent: Codable, Sendable, Equatable {
    public enum Topic {
        public static let create = "create"
        public static let start = "start"
        public static let exit = "exit"
        public static let oom = "oom"
        public static let execAdded = "exec-added"
        public static let execStarted = "exec-started"
        public static let delete = "delete"
        public static let paused = "paused"
        public static let resumed = "resumed"
    }

    public var topic: String
    /// The container id.
    public var id: String
    public var execID: String?
    public var pid: Int32
    public var exitStatus: UInt32?
    public var exitedAt: String?

    public init(topic: String, id: String, execID: String? = nil, pid: Int32 = 0, exitStatus: UInt32? = nil, exitedAt: String? = nil) {
        self.topic = topic
        self.id = id
        self.execID = execID
        self.pid = pid
        self.exitStatus = exitStatus
        self.exitedAt = exitedAt
    }
}
