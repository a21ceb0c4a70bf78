import BerthCore

/// docker's formatter networkContext: what `network ls` rows expose to `--format` templates. The
/// fields are docker's methods (ID, Name, Driver, Scope, IPv4, IPv6, Internal, Labels, CreatedAt)
/// in alphabetical order, because `--format json` marshals them as a Go map.
public enum NetworkContext {
    public static let defaultTableFormat = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}"
    public static let quietFormat = "{{.ID}}"

    public static let headers: [String: String] = [
        "ID": "NETWORK ID", "Name": "NAME", "Driver": "DRIVER", "Scope": "SCOPE", "IPv4": "IPV4", "IPv6": "IPV6",
        "Internal": "INTERNAL", "Labels": "LABELS", "CreatedAt": "CREATED AT",
    ]

    /// network.NewFormat: `table` and `raw` are keywords, anything else is a template.
    public static func format(_ source: String, quiet: Bool) -> String {
        switch source {
        case "table": return quiet ? quietFormat : defaultTableFormat
        case "raw": return quiet ? "network_id: {{.ID}}" : "network_id: {{.ID}}\\nname: {{.Name}}\\ndriver: {{.Driver}}\\nscope: {{.Scope}}\\n"
        default: return source
        }
    }

    public static func make(_ n: JSONValue, truncate: Bool) -> TemplateValue {
        let labels = n["Labels"]?.stringMap ?? [:]
        let id = n["Id"]?.string ?? ""
        var r = TemplateRecord(typeName: "*network.networkContext")
        r.set("CreatedAt", .string(goTimeString(n["Created"]?.string ?? "")))
        r.set("Driver", .string(n["Driver"]?.string ?? ""))
        r.set("ID", .string(truncate ? TextTruncation.id(id) : id))
        // Daemons before API 1.47 send no EnableIPv4; docker's typed client then reads Go's false.
        r.set("IPv4", .string(String(n["EnableIPv4"]?.bool ?? false)))
        r.set("IPv6", .string(String(n["EnableIPv6"]?.bool ?? false)))
        r.set("Internal", .string(String(n["Internal"]?.bool ?? false)))
        // Go ranges over the map in random order; sorted keys keep the output stable.
        r.set("Labels", .string(labels.keys.sorted().map { "\($0)=\(labels[$0] ?? "")" }.joined(separator: ",")))
        r.set("Name", .string(n["Name"]?.string ?? ""))
        r.set("Scope", .string(n["Scope"]?.string ?? ""))
        r.labelMethod(labels)
        r.marshalEscapesHTML = true
        return .record(r)
    }

    /// time.Time.String() of the daemon's RFC 3339 `Created`: "2006-01-02 15:04:05.999999999 -0700 MST",
    /// trailing zeros of the fraction dropped. A `Z` time is in UTC; any other offset is a fixed zone
    /// without a name, which Go prints as the offset again. An unparsable value is Go's zero time.
    static func goTimeString(_ text: String) -> String {
        let zero = "0001-01-01 00:00:00 +0000 UTC"
        let chars = Array(text)
        guard chars.count >= 20, chars[10] == "T" else { return zero }
        let date = String(chars[0..<10]), clock = String(chars[11..<19])
        var i = 19
        var fraction = ""
        if i < chars.count, chars[i] == "." {
            i += 1
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { fraction.append(chars[i]); i += 1 }
        }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let zone = String(chars[i...])
        let suffix: String
        if zone == "Z" {
            suffix = "+0000 UTC"
        } else if zone.count == 6, zone.hasPrefix("+") || zone.hasPrefix("-") {
            let offset = zone.replacingAll(":", "")
            suffix = "\(offset) \(offset)"
        } else {
            return zero
        }
        return "\(date) \(clock)\(fraction.isEmpty ? "" : "." + fraction) \(suffix)"
    }
}
