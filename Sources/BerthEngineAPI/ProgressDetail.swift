/// Byte counts of a progress message (`progressDetail`).
public struct ProgressDetail: Codable, Sendable, Equatable {
    public var current: Int64 = 0
    public var total: Int64 = 0
    public var start: Int64 = 0
    public var hidecounts: Bool = false
    public var units: String = ""

    public init(current: Int64 = 0, total: Int64 = 0, start: Int64 = 0, hidecounts: Bool = false, units: String = "") {
        self.current = current
        self.total = total
        self.start = start
        self.hidecounts = hidecounts
        self.units = units
    }

    enum CodingKeys: String, GoJSONKey {
        case current = "current"
        case total = "total"
        case start = "start"
        case hidecounts = "hidecounts"
        case units = "units"

        var omitsEmpty: Bool { true }
    }
}
