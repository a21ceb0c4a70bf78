import BerthCore

/// docker 28's registry searchContext: NAME, DESCRIPTION (newlines flattened, cut to 45 columns with
/// "…" unless --no-trunc), STARS, OFFICIAL (`[OK]` or empty; `true`/`false` inside JSON).
/// docker 28 no longer has an AUTOMATED column or `.IsAutomated` (Docker Hub dropped automated builds).
public enum SearchContext {
    public static let defaultTableFormat = "table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}"
    public static let headers: [String: String] = [
        "Name": "NAME", "Description": "DESCRIPTION", "StarCount": "STARS", "IsOfficial": "OFFICIAL",
    ]

    /// One search result. `json` is set when the row is marshalled (`--format json`), which changes
    /// how IsOfficial reads, as docker's MarshalJSON does.
    public static func make(_ result: JSONValue, truncate: Bool, json: Bool) -> TemplateValue {
        // Per scalar: "\r\n" is one Character but two spaces in docker's strings.ReplaceAll.
        var scalars = String.UnicodeScalarView()
        for c in (result["description"]?.string ?? "").unicodeScalars { scalars.append(c == "\n" || c == "\r" ? " " : c) }
        var description = String(scalars)
        if truncate { description = TextTruncation.ellipsis(description, 45) }
        let official = result["is_official"]?.bool ?? false
        // Fields in sorted order: formatter.MarshalJSON marshals a map of the methods.
        var r = TemplateRecord(typeName: "*registry.searchContext")
        r.set("Description", .string(description))
        r.set("IsOfficial", .string(json ? (official ? "true" : "false") : (official ? "[OK]" : "")))
        r.set("Name", .string(result["name"]?.string ?? ""))
        r.set("StarCount", .string(String(result["star_count"]?.int64 ?? 0)))
        r.marshalEscapesHTML = true
        return .record(r)
    }
}
