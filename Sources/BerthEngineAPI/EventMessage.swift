/// One object of the `GET /events` stream. Container events also carry the deprecated `status`, `id` and
/// `from`; network events do not.
public struct EventMessage: Codable, Sendable, Equatable {
    public var status: String = ""
    public var id: String = ""
    public var from: String = ""
    /// "container", "image", "network", "volume", "daemon", ...
    public var type: String = ""
    public var action: String = ""
    public var actor: EventActor = EventActor()
    /// "local" or "swarm"
    public var scope: String = ""
    public var time: Int64 = 0
    public var timeNano: Int64 = 0

    public init(
        status: String = "",
        id: String = "",
        from: String = "",
        type: String = "",
        action: String = "",
        actor: EventActor = EventActor(),
        scope: String = "",
        time: Int64 = 0,
        timeNano: Int64 = 0
    ) {
        self.status = status
        self.id = id
        self.from = from
        self.type = type
        self.action = action
        self.actor = actor
        self.scope = scope
        self.time = time
        self.timeNano = timeNano
    }

    enum CodingKeys: String, GoJSONKey {
        case status = "status"
        case id = "id"
        case from = "from"
        case type = "Type"
        case action = "Action"
        case actor = "Actor"
        case scope = "scope"
        case time = "time"
        case timeNano = "timeNano"

        var omitsEmpty: Bool {
            switch self {
            case .status, .id, .from, .scope, .time, .timeNano: true
            default: false
            }
        }
    }
}
