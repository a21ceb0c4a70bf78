import BerthSnapshots

/// containerd's filter syntax over dotted field names ("topic", "namespace", "event.container_id",
/// "id", "status"), for events and the list calls whose objects are not in the metadata store. The
/// parsing and matching are BerthSnapshots' `Filters`, which the metadata and snapshot listings use
/// too, so every filter in the API means the same thing.
public struct EventFilter: Sendable {
    private let filters: Filters

    public init(_ filters: [String]) throws {
        self.filters = try Filters(filters)
    }

    public var isEmpty: Bool { filters.isEmpty }

    /// `lookup` resolves a dotted field name to its value, or nil when the object has no such field.
    public func matches(_ lookup: (String) -> String?) -> Bool {
        filters.matches { path in lookup(path.joined(separator: ".")) }
    }
}
