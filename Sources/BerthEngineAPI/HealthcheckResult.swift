/// One health-check probe (times RFC 3339).
public struct HealthcheckResult: Codable, Sendable, Equatable {
    public var start: String = ""
    public var end: String = ""
    public var exitCode: Int = 0
    public var output: String = ""

    public init(start: String = "", end: String = "", exitCode: Int = 0, output: String = "") {
        self.start = start
        self.end = end
        self.exitCode = exitCode
        self.output = output
    }

    enum CodingKeys: String, GoJSONKey {
        case start = "Start"
        case end = "End"
        case exitCode = "ExitCode"
        case output = "Output"
    }
}
