/// What `docker logs` asks for.
public struct LogReadOptions: Sendable, Equatable {
    /// Only messages at or after this time (Unix nanoseconds).
    public var since: Int64? = nil
    /// Only messages at or before this time; following stops there.
    public var until: Int64? = nil
    /// The last N messages (counted over both streams, before the stream filter, as dockerd does); nil = all.
    public var tail: Int? = nil
    public var follow = false
    public var stdout = true
    public var stderr = true
    /// How often a follower looks for new data and rotations.
    public var pollInterval: Duration = .milliseconds(100)

    public init(since: Int64? = nil, until: Int64? = nil, tail: Int? = nil, follow: Bool = false, stdout: Bool = true, stderr: Bool = true) {
        self.since = since
        self.until = until
        self.tail = tail
        self.follow = follow
        self.stdout = stdout
        self.stderr = stderr
    }

    func wants(_ entry: LogEntry) -> Bool {
        switch entry.stream {
        case .stdout: return stdout
        case .stderr: return stderr
        }
    }
}
