import BerthRegistry
import BerthCore
import BerthEngineAPI

/// `/containers/json` and `/containers/prune` filters, with dockerd's semantics: values of one key
/// are alternatives (any may match), different keys must all match.
struct ContainerFilter {
    let filters: [String: [String]]

    static let listKeys: Set<String> = ["status", "name", "id", "label", "label!", "ancestor", "exited", "before", "since",
                                        "until", "health", "network", "volume", "publish", "expose", "isolation", "is-task"]

    init(_ filters: [String: [String]], allowed: Set<String> = ContainerFilter.listKeys) throws {
        for key in filters.keys where !allowed.contains(key) {
            throw BerthError(.invalidArgument, "invalid filter '\(key)'")
        }
        for status in filters["status"] ?? [] {
            guard ["created", "restarting", "running", "removing", "paused", "exited", "dead"].contains(status) else {
                throw BerthError(.invalidArgument, "invalid filter 'status=\(status)'")
            }
        }
        for value in filters["exited"] ?? [] where Int(value) == nil {
            throw BerthError(.invalidArgument, "invalid filter 'exited=\(value)'")
        }
        self.filters = filters
    }

    func matches(_ record: ContainerRecord, store: ContainerStore) -> Bool {
        if let values = filters["status"], !values.contains(record.state.status) { return false }
        if let values = filters["name"], !values.contains(where: { Self.nameMatches(record.name, $0) }) { return false }
        if let values = filters["id"], !values.contains(where: { record.id.hasPrefix($0) }) { return false }
        if let values = filters["label"], !values.allSatisfy({ Self.labelMatches(record.config.labels ?? [:], $0) }) { return false }
        if let values = filters["label!"], values.contains(where: { Self.labelMatches(record.config.labels ?? [:], $0) }) { return false }
        if let values = filters["ancestor"], !values.contains(where: { Self.ancestorMatches(record, $0) }) { return false }
        if let values = filters["exited"] {
            guard record.hasBeenStarted, !record.state.running, values.contains(String(record.state.exitCode)) else { return false }
        }
        if let values = filters["before"] {
            for value in values {
                guard let other = try? store.find(value), record.created < other.created else { return false }
            }
        }
        if let values = filters["since"] {
            for value in values {
                guard let other = try? store.find(value), record.created > other.created else { return false }
            }
        }
        if let values = filters["until"] {
            for value in values {
                guard let limit = Self.parseTime(value), let created = Timestamp.unixNanos(rfc3339: record.created), created <= limit else {
                    return false
                }
            }
        }
        return true
    }

    /// Names filter as a regular-expression-ish substring match (dockerd matches a regexp against "/name").
    static func nameMatches(_ name: String, _ pattern: String) -> Bool {
        var pattern = pattern
        var anchoredStart = false
        var anchoredEnd = false
        if pattern.hasPrefix("^") { pattern.removeFirst(); anchoredStart = true }
        if pattern.hasSuffix("$") { pattern.removeLast(); anchoredEnd = true }
        let full = "/" + name
        if pattern.hasPrefix("/") {
            if anchoredStart && anchoredEnd { return full == pattern }
            if anchoredStart { return full.hasPrefix(pattern) }
            if anchoredEnd { return full.hasSuffix(pattern) }
            return full.contains(pattern)
        }
        if anchoredStart && anchoredEnd { return name == pattern }
        if anchoredStart { return name.hasPrefix(pattern) }
        if anchoredEnd { return name.hasSuffix(pattern) }
        return full.contains(pattern)
    }

    static func labelMatches(_ labels: [String: String], _ filter: String) -> Bool {
        let parts = filter.split(separator: "=", maxSplits: 1).map(String.init)
        guard let key = parts.first, let value = labels[key] else { return false }
        return parts.count == 1 || value == parts[1]
    }

    static func ancestorMatches(_ record: ContainerRecord, _ value: String) -> Bool {
        if record.imageID == value || record.imageID.dropFirst(7).hasPrefix(value) { return true }
        if record.config.image == value { return true }
        if let a = try? ImageReference(parsing: record.config.image), let b = try? ImageReference(parsing: value) {
            return a == b || (a.repository == b.repository && !value.contains(":"))
        }
        return false
    }

    /// Unix seconds (with optional fraction) or RFC 3339 → nanoseconds.
    static func parseTime(_ text: String) -> Int64? {
        if let seconds = Double(text) { return Int64(seconds * 1_000_000_000) }
        return Timestamp.unixNanos(rfc3339: text)
    }
}
