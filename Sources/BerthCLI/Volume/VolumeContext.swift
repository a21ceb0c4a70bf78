import BerthCore

/// docker's formatter volumeContext: what `volume ls` rows expose to `--format` templates. Fields
/// are docker's methods (Name, Driver, Scope, Mountpoint, Labels, Links, Size and the cluster
/// Group, Availability, Status) in alphabetical order, because `--format json` marshals them as a
/// Go map. docker 28 has no CreatedAt or ID method here, so those fail like any unknown field.
public enum VolumeContext {
    public static let defaultTableFormat = "table {{.Driver}}\t{{.Name}}"
    public static let quietFormat = "{{.Name}}"
    public static let clusterTableFormat = "table {{.Name}}\t{{.Group}}\t{{.Driver}}\t{{.Availability}}\t{{.Status}}"

    public static let headers: [String: String] = [
        "ID": "ID", "Name": "VOLUME NAME", "Group": "GROUP", "Driver": "DRIVER", "Scope": "SCOPE",
        "Availability": "AVAILABILITY", "Mountpoint": "MOUNTPOINT", "Labels": "LABELS", "Links": "LINKS",
        "Size": "SIZE", "Status": "STATUS",
    ]

    /// formatter.NewVolumeFormat: `table` and `raw` are keywords, anything else is a template.
    public static func format(_ source: String, quiet: Bool) -> String {
        switch source {
        case "table": return quiet ? quietFormat : defaultTableFormat
        case "raw": return quiet ? "name: {{.Name}}" : "name: {{.Name}}\\ndriver: {{.Driver}}\\n"
        default: return source
        }
    }

    public static func make(_ v: JSONValue) -> TemplateValue {
        let labels = v["Labels"]?.stringMap ?? [:]
        let usage = v["UsageData"]
        let cluster = v["ClusterVolume"].flatMap { $0 == .null ? nil : $0 }
        var r = TemplateRecord(typeName: "*formatter.volumeContext")
        r.set("Availability", .string(cluster.map { $0["Spec"]?["Availability"]?.string ?? "" } ?? "N/A"))
        r.set("Driver", .string(v["Driver"]?.string ?? ""))
        r.set("Group", .string(cluster.map { $0["Spec"]?["Group"]?.string ?? "" } ?? "N/A"))
        // Go ranges over the map in random order; sorted keys keep the output stable.
        r.set("Labels", .string(labels.keys.sorted().map { "\($0)=\(labels[$0] ?? "")" }.joined(separator: ",")))
        r.set("Links", .string(usage.flatMap { $0["RefCount"]?.int64 }.map { String($0) } ?? "N/A"))
        r.set("Mountpoint", .string(v["Mountpoint"]?.string ?? ""))
        r.set("Name", .string(v["Name"]?.string ?? ""))
        r.set("Scope", .string(v["Scope"]?.string ?? ""))
        r.set("Size", .string(usage.flatMap { $0["Size"]?.int64 }.map { HumanUnits.size(Double($0), precision: 4) } ?? "N/A"))
        r.set("Status", .string(cluster.map(clusterStatus) ?? "N/A"))
        r.labelMethod(labels)
        r.marshalEscapesHTML = true
        return .record(r)
    }

    static func clusterStatus(_ c: JSONValue) -> String {
        guard let id = c["Info"]?["VolumeID"]?.string, !id.isEmpty else { return "pending creation" }
        switch c["PublishStatus"]?.array?.count ?? 0 {
        case 0: return "created"
        case 1: return "in use (1 node)"
        case let n: return "in use (\(n) nodes)"
        }
    }
}
