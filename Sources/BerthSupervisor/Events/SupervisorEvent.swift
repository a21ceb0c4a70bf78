import FoundationEssentials

/// One published event: containerd's envelope with the event's fields flattened to strings.
public struct SupervisorEvent: Sendable {
    public var timestamp: Date
    public var namespace: String
    public var topic: String
    public var fields: [String: String]

    public init(namespace: String, topic: String, fields: [String: String], timestamp: Date = Date()) {
        self.timestamp = timestamp
        self.namespace = namespace
        self.topic = topic
        self.fields = fields
    }

    func value(at path: String) -> String? {
        switch path {
        case "topic": return topic
        case "namespace": return namespace
        default:
            if path.hasPrefix("event.") { return fields[String(path.dropFirst(6))] }
            return fields[path]
        }
    }
}
