/// docker's statsContext (cli/command/formatter/stats.go): the columns of `berth stats`.
public enum StatsContext {
    public static let defaultTableFormat = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}"
    public static let headers: [String: String] = [
        "Container": "CONTAINER", "ID": "CONTAINER ID", "Name": "NAME", "CPUPerc": "CPU %", "MemUsage": "MEM USAGE / LIMIT",
        "MemPerc": "MEM %", "NetIO": "NET I/O", "BlockIO": "BLOCK I/O", "PIDs": "PIDS",
    ]

    static func percent(_ v: Double) -> String { GoFloat.cFormat("%.2f", v) + "%" }
    static func io(_ a: Double, _ b: Double) -> String { HumanUnits.size(a) + " / " + HumanUnits.size(b) }

    public static func make(_ s: StatsEntry, truncate: Bool) -> TemplateValue {
        var r = TemplateRecord(typeName: "*formatter.statsContext")
        r.set("BlockIO", .string(s.isInvalid ? "--" : io(s.blockRead, s.blockWrite)))
        r.set("CPUPerc", .string(s.isInvalid ? "--" : percent(s.cpuPercentage)))
        r.set("Container", .string(s.container))
        r.set("ID", .string(truncate ? TextTruncation.id(s.id) : s.id))
        r.set("MemPerc", .string(s.isInvalid ? "--" : percent(s.memoryPercentage)))
        r.set("MemUsage", .string(s.isInvalid ? "-- / --" : HumanUnits.bytes(s.memory) + " / " + HumanUnits.bytes(s.memoryLimit)))
        r.set("Name", .string(s.name.count > 1 ? String(s.name.dropFirst()) : "--"))
        r.set("NetIO", .string(s.isInvalid ? "--" : io(s.networkRx, s.networkTx)))
        r.set("PIDs", .string(s.isInvalid ? "--" : String(s.pidsCurrent)))
        r.marshalEscapesHTML = true
        return .record(r)
    }

    public static func render(_ entries: [StatsEntry], format: String, truncate: Bool) throws -> String {
        let f = format.isEmpty ? "table" : format
        let formatter = FormatContext(format: f, defaultTableFormat: defaultTableFormat, headers: headers)
        return try formatter.render(entries.map { make($0, truncate: truncate) })
    }
}
