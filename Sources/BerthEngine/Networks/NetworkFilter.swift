import BerthCore

/// `GET /networks` and `POST /networks/prune` filters: driver, id, label, name, scope, type, dangling, until.
struct NetworkFilter {
    let filters: [String: [String]]

    init(_ filters: [String: [String]], pruning: Bool = false) throws {
        let allowed: Set<String> = pruning ? ["label", "label!", "until"] : ["driver", "id", "label", "name", "scope", "type", "dangling"]
        for key in filters.keys where !allowed.contains(key) {
            throw BerthError(.invalidArgument, "invalid filter '\(key)'")
        }
        for value in filters["type"] ?? [] where value != "custom" && value != "builtin" {
            throw BerthError(.invalidArgument, "invalid filter: 'type'='\(value)'")
        }
        for value in filters["dangling"] ?? [] where !["true", "false", "1", "0"].contains(value) {
            throw BerthError(.invalidArgument, "invalid filter 'dangling=\(value)'")
        }
        self.filters = filters
    }

    func matches(_ record: NetworkRecord, inUse: Bool) -> Bool {
        if let values = filters["driver"], !values.contains(record.driver) { return false }
        if let values = filters["id"], !values.contains(where: { record.id.hasPrefix($0) }) { return false }
        if let values = filters["name"], !values.contains(where: { record.name.contains($0) }) { return false }
        if let values = filters["scope"], !values.contains("local") { return false }
        if let values = filters["type"] {
            let kind = record.predefined ? "builtin" : "custom"
            if !values.contains(kind) { return false }
        }
        if let values = filters["dangling"] {
            let wantDangling = values.contains("true") || values.contains("1")
            if wantDangling != (!record.predefined && !inUse) { return false }
        }
        for label in filters["label"] ?? [] where !Self.labelMatches(label, record.labels) { return false }
        for label in filters["label!"] ?? [] where Self.labelMatches(label, record.labels) { return false }
        if let values = filters["until"], let limit = values.compactMap(Self.untilNanos).min(),
           let created = Timestamp.unixNanos(rfc3339: record.created), created >= limit { return false }
        return true
    }

    static func labelMatches(_ filter: String, _ labels: [String: String]) -> Bool {
        let parts = filter.split(separator: "=", maxSplits: 1).map(String.init)
        guard let key = parts.first, let value = labels[key] else { return false }
        return parts.count == 1 || parts[1] == value
    }

    /// `until`: a Unix timestamp (seconds, fractional allowed) or an RFC 3339 time.
    static func untilNanos(_ value: String) -> Int64? {
        if let seconds = Double(value) { return Int64(seconds * 1e9) }
        return Timestamp.unixNanos(rfc3339: value)
    }
}
