import BerthRegistry
import BerthCore
import FoundationEssentials

/// The `filters` of `GET /images/json` and `POST /images/prune`, with dockerd's meaning:
/// `dangling=true|false`, `label=k` / `label=k=v` (all must match), `label!=…` (none may match),
/// `before=<image>` / `since=<image>` (created before or after that image), `reference=<pattern>`
/// (path.Match on the familiar name, with or without tag), `until=<timestamp|duration>` (prune).
/// An unknown filter or a bad value is a 400 naming it, before anything is done.
struct ImageListFilter: Sendable {
    var dangling: Bool?
    var labels: [String] = []
    var notLabels: [String] = []
    var before: Int64?
    var since: Int64?
    var until: Int64?
    var references: [String] = []

    init(_ filters: [String: [String]], images: [ResolvedImage], allowed: Set<String> = ["dangling", "label", "before", "since", "reference", "until"]) throws {
        for key in filters.keys where !allowed.contains(key) {
            throw BerthError(.invalidArgument, "invalid filter '\(key)'")
        }
        if let values = filters["dangling"], let value = values.first {
            switch value.lowercased() {
            case "true", "1": dangling = true
            case "false", "0": dangling = false
            default: throw BerthError(.invalidArgument, "invalid filter 'dangling=\(value)'")
            }
        }
        labels = filters["label"] ?? []
        notLabels = filters["label!"] ?? []
        if let reference = filters["before"]?.first {
            before = try ImageCatalog.pick(reference, in: images).createdSeconds
        }
        if let reference = filters["since"]?.first {
            since = try ImageCatalog.pick(reference, in: images).createdSeconds
        }
        if let text = filters["until"]?.first {
            guard let seconds = Self.timestamp(text) else {
                throw BerthError(.invalidArgument, "invalid filter 'until=\(text)': not a timestamp or duration")
            }
            until = seconds
        }
        references = filters["reference"] ?? []
    }

    func matches(_ image: ResolvedImage) -> Bool {
        if let dangling, dangling != image.isDangling { return false }
        let imageLabels = image.config.config?.labels ?? [:]
        for label in labels where !Self.labelMatches(label, imageLabels) { return false }
        for label in notLabels where Self.labelMatches(label, imageLabels) { return false }
        if let before, image.createdSeconds >= before { return false }
        if let since, image.createdSeconds <= since { return false }
        if let until, image.createdSeconds >= until { return false }
        if !references.isEmpty && shownTags(image).isEmpty { return false }
        return true
    }

    /// With a reference filter only the matching tags are listed, as dockerd does.
    func shownTags(_ image: ResolvedImage) -> [String] {
        guard !references.isEmpty else { return image.names }
        return image.names.filter { name in references.contains { Self.referenceMatches($0, name) } }
    }

    static func labelMatches(_ filter: String, _ labels: [String: String]) -> Bool {
        if let equals = filter.firstIndex(of: "=") {
            return labels[String(filter[..<equals])] == String(filter[filter.index(after: equals)...])
        }
        return labels[filter] != nil
    }

    /// `busybox` matches `busybox:latest` (a pattern without a tag matches the repository), `busy*`
    /// and `busybox:1.*` glob as Go's path.Match (`*` does not cross `/`).
    static func referenceMatches(_ pattern: String, _ name: String) -> Bool {
        let familiarPattern = (try? ImageReference(parsing: pattern)).map { ImageReference.hasExplicitTag(pattern) ? $0.description : $0.repository } ?? pattern
        if glob(familiarPattern, name) { return true }
        if !ImageReference.hasExplicitTag(pattern), let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") {
            return glob(familiarPattern, String(name[..<colon]))
        }
        return false
    }

    static func glob(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        func match(_ i: Int, _ j: Int) -> Bool {
            if i == p.count { return j == t.count }
            switch p[i] {
            case "*":
                var k = j
                while true {
                    if match(i + 1, k) { return true }
                    if k == t.count || t[k] == "/" { return false }
                    k += 1
                }
            case "?":
                return j < t.count && t[j] != "/" && match(i + 1, j + 1)
            default:
                return j < t.count && t[j] == p[i] && match(i + 1, j + 1)
            }
        }
        return match(0, 0)
    }

    /// Unix seconds from dockerd's forms: seconds (`1700000000`, `1700000000.5`), RFC 3339
    /// (`2026-11-23T10:00:00Z`), a date (`2026-11-23`), or a duration before now (`10m`, `24h`, `1h30m`).
    static func timestamp(_ text: String, now: Int64 = Int64(Timestamp.now().tv_sec)) -> Int64? {
        if let seconds = Double(text) { return Int64(seconds) }
        if let nanos = Timestamp.unixNanos(rfc3339: text) { return nanos / 1_000_000_000 }
        if let nanos = Timestamp.unixNanos(rfc3339: text + "T00:00:00Z") { return nanos / 1_000_000_000 }
        var total: Double = 0
        var number = ""
        var sawUnit = false
        var chars = Array(text)[...]
        while let c = chars.first {
            if c.isNumber || c == "." {
                number.append(c)
                chars = chars.dropFirst()
                continue
            }
            var unit = String(c)
            chars = chars.dropFirst()
            if unit == "m", chars.first == "s" { unit = "ms"; chars = chars.dropFirst() }
            guard let value = Double(number) else { return nil }
            let scale: Double
            switch unit {
            case "h": scale = 3600
            case "m": scale = 60
            case "s": scale = 1
            case "ms": scale = 0.001
            default: return nil
            }
            total += value * scale
            number = ""
            sawUnit = true
        }
        guard sawUnit, number.isEmpty else { return nil }
        return now - Int64(total)
    }
}
