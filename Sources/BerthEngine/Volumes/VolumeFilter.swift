import BerthCore

/// `GET /volumes` and `POST /volumes/prune` filters (moby volume/service/convert.go): `name` is a
/// substring match, `label` `key` or `key=value`, `label!` their negation, `dangling` true/false/1/0,
/// `driver` the driver's name.
struct VolumeFilter {
    var names: [String] = []
    var labels: [String] = []
    var notLabels: [String] = []
    var dangling: Bool?
    var drivers: [String] = []

    init(_ filters: [String: [String]], allowed: Set<String>) throws {
        for key in filters.keys.sorted() where !allowed.contains(key) {
            throw BerthError(.invalidArgument, "invalid filter '\(key)'")
        }
        names = filters["name"] ?? []
        labels = filters["label"] ?? []
        notLabels = filters["label!"] ?? []
        drivers = filters["driver"] ?? []
        dangling = try Self.bool(filters["dangling"], name: "dangling")
    }

    /// A boolean filter with dockerd's accepted spellings and error text.
    static func bool(_ values: [String]?, name: String) throws -> Bool? {
        guard let values, let value = values.last else { return nil }
        switch value.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw BerthError(.invalidArgument, "invalid filter '\(name)=\(value)'")
        }
    }

    func matches(_ volume: VolumeRecord, inUse: Bool) -> Bool {
        if !names.isEmpty, !names.contains(where: { volume.name.contains($0) }) { return false }
        if !drivers.isEmpty, !drivers.contains(volume.driver) { return false }
        if let dangling, dangling == inUse { return false }
        let volumeLabels = volume.labels ?? [:]
        func has(_ filter: String) -> Bool {
            let parts = filter.split(separator: "=", maxSplits: 1).map(String.init)
            guard let key = parts.first, let value = volumeLabels[key] else { return false }
            return parts.count == 1 || value == parts[1]
        }
        if !labels.allSatisfy(has) { return false }
        if notLabels.contains(where: has) { return false }
        return true
    }
}
