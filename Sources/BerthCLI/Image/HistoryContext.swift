import BerthCore

/// docker's historyContext (cli/command/formatter/history.go) for `berth history`.
public enum HistoryContext {
    public static let defaultTableFormat = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"
    public static let nonHumanTableFormat = "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"
    public static let headers: [String: String] = [
        "ID": "IMAGE", "CreatedSince": "CREATED", "CreatedAt": "CREATED AT", "CreatedBy": "CREATED BY",
        "Size": "SIZE", "Comment": "COMMENT",
    ]

    public static func make(_ h: JSONValue, truncate: Bool, human: Bool, now: Int64) -> TemplateValue {
        let id = h["Id"]?.string ?? ""
        let created = h["Created"]?.int64 ?? 0
        let size = h["Size"]?.int64 ?? 0
        // time.RFC3339: no fractional seconds.
        let createdAt = LocalTime.rfc3339Nano(unix: created, nanos: 0).replacingAll(".000000000", "")
        var createdBy = (h["CreatedBy"]?.string ?? "").replacingAll("\t", " ")
        if truncate { createdBy = TextTruncation.ellipsis(createdBy, 45) }
        var r = TemplateRecord(typeName: "*formatter.historyContext")
        r.set("Comment", .string(h["Comment"]?.string ?? ""))
        r.set("CreatedAt", .string(createdAt))
        r.set("CreatedBy", .string(createdBy))
        r.set("CreatedSince", .string(human ? HumanUnits.duration(seconds: Double(now - created)) + " ago" : createdAt))
        r.set("ID", .string(truncate && id != "<missing>" ? TextTruncation.id(id) : id))
        r.set("Size", .string(human ? HumanUnits.size(Double(size)) : String(size)))
        r.marshalEscapesHTML = true
        return .record(r)
    }
}
