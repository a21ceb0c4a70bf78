/// One object of dockerd's JSON message stream (pull, push, build, load, import): `{"status":...}`,
/// `{"stream":"Step 1/4 ..."}`, `{"aux":{...}}`, or an error with `errorDetail` and `error`.
public struct ProgressMessage: Codable, Sendable, Equatable {
    public var stream: String = ""
    public var status: String = ""
    public var progressDetail: ProgressDetail?
    /// the rendered bar: "[=>   ] 1.2MB/3.4MB"
    public var progress: String = ""
    public var id: String = ""
    public var from: String = ""
    public var time: Int64 = 0
    public var timeNano: Int64 = 0
    public var errorDetail: ProgressErrorDetail?
    public var error: String = ""
    /// {"ID":"sha256:..."} after a build, {"Tag","Digest","Size"} after a push
    public var aux: JSONAny?

    public init(
        stream: String = "",
        status: String = "",
        progressDetail: ProgressDetail? = nil,
        progress: String = "",
        id: String = "",
        from: String = "",
        time: Int64 = 0,
        timeNano: Int64 = 0,
        errorDetail: ProgressErrorDetail? = nil,
        error: String = "",
        aux: JSONAny? = nil
    ) {
        self.stream = stream
        self.status = status
        self.progressDetail = progressDetail
        self.progress = progress
        self.id = id
        self.from = from
        self.time = time
        self.timeNano = timeNano
        self.errorDetail = errorDetail
        self.error = error
        self.aux = aux
    }

    enum CodingKeys: String, GoJSONKey {
        case stream = "stream"
        case status = "status"
        case progressDetail = "progressDetail"
        case progress = "progress"
        case id = "id"
        case from = "from"
        case time = "time"
        case timeNano = "timeNano"
        case errorDetail = "errorDetail"
        case error = "error"
        case aux = "aux"

        var omitsEmpty: Bool { true }
    }
}
