import BerthCore

/// docker's formatter.ContainerContext: the fields a `ps --format` template sees, computed from one
/// `/containers/json` item. Fields are sorted because `{{json .}}` marshals them as a map.
public enum ContainerContext {
    public static let defaultTableFormat = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}"

    public static let headers: [String: String] = [
        "ID": "CONTAINER ID", "Image": "IMAGE", "Command": "COMMAND", "CreatedAt": "CREATED AT", "RunningFor": "CREATED",
        "Ports": "PORTS", "State": "STATE", "Status": "STATUS", "Size": "SIZE", "Names": "NAMES", "Labels": "LABELS",
        "Label": "LABEL", "Mounts": "MOUNTS", "LocalVolumes": "LOCAL VOLUMES", "Networks": "NETWORKS",
    ]

    public static func make(_ c: JSONValue, truncate: Bool, now: Int64) -> TemplateValue {
        let id = c["Id"]?.string ?? ""
        let created = c["Created"]?.int64 ?? 0
        let labels = c["Labels"]?.stringMap ?? [:]
        var command = c["Command"]?.string ?? ""
        if truncate { command = TextTruncation.ellipsis(command, 20) }
        let sizeRw = c["SizeRw"]?.int64 ?? 0, sizeRootFs = c["SizeRootFs"]?.int64 ?? 0
        var size = HumanUnits.size(Double(sizeRw))
        if sizeRootFs > 0 { size += " (virtual \(HumanUnits.size(Double(sizeRootFs))))" }
        let mounts = (c["Mounts"]?.array ?? []).map { m -> String in
            var name = m["Name"]?.string ?? ""
            if name.isEmpty { name = m["Source"]?.string ?? "" }
            return truncate ? TextTruncation.ellipsis(name, 15) : name
        }
        let localVolumes = (c["Mounts"]?.array ?? []).filter { $0["Driver"]?.string == "local" }.count
        var networks: [String] = []
        if case .object(let n)? = c["NetworkSettings"]?["Networks"] { networks = n.keys.sorted() }

        var r = TemplateRecord(typeName: "*formatter.ContainerContext")
        r.set("Command", .string(GoFormat.quote(command)))
        r.set("CreatedAt", .string(LocalTime.goString(unix: created)))
        r.set("ID", .string(truncate ? TextTruncation.id(id) : id))
        r.set("Image", .string(image(c, truncate: truncate)))
        r.set("Labels", .string(labels.keys.sorted().map { "\($0)=\(labels[$0] ?? "")" }.joined(separator: ",")))
        r.set("LocalVolumes", .string(String(localVolumes)))
        r.set("Mounts", .string(mounts.joined(separator: ",")))
        r.set("Names", .string(names(c, truncate: truncate)))
        r.set("Networks", .string(networks.joined(separator: ",")))
        r.set("Platform", .null)
        r.set("Ports", .string(PortDisplay.displayable(c["Ports"]?.array ?? [])))
        r.set("RunningFor", .string(HumanUnits.duration(seconds: Double(now - created)) + " ago"))
        r.set("Size", .string(size))
        r.set("State", .string(c["State"]?.string ?? ""))
        r.set("Status", .string(c["Status"]?.string ?? ""))
        r.labelMethod(labels)
        r.marshalEscapesHTML = true
        return .record(r)
    }

    /// containerHeaderContext.Label: the title of a `.Label "com.example.some-key"` column is the last
    /// dot-separated part with '-' and '_' turned into spaces.
    public static var headerMethods: [String: TemplateRecord.Method] { [
        "Label": { args in
            guard case .string(let name)? = args.first else { return .string("") }
            let last = name.goSplit(".").last ?? name
            return .string(last.replacingAll("-", " ").replacingAll("_", " "))
        },
    ] }

    /// Names without the leading "/"; truncated output shows the container's own name, not links.
    static func names(_ c: JSONValue, truncate: Bool) -> String {
        var names = (c["Names"]?.array ?? []).compactMap { $0.string }.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 }
        if truncate, let own = names.first(where: { !$0.contains("/") }) { names = [own] }
        return names.joined(separator: ",")
    }

    static func image(_ c: JSONValue, truncate: Bool) -> String {
        let image = c["Image"]?.string ?? ""
        guard !image.isEmpty else { return "<no image>" }
        guard truncate else { return image }
        let imageID = c["ImageID"]?.string ?? ""
        if TextTruncation.id(imageID) == TextTruncation.id(image) || image.hasPrefix("sha256:") { return TextTruncation.id(image) }
        // A digest reference shows without its digest.
        if let at = image.firstIndex(of: "@") { return String(image[..<at]) }
        return image
    }
}
