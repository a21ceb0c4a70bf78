import BerthCore

/// The labels through which objects reference each other for the collector (containerd's gc labels).
enum GarbageCollectionLabels {
    /// On content or snapshots: a root; kept regardless of references.
    static let root = "containerd.io/gc.root"
    /// `containerd.io/gc.ref.content[.<anything>]` = a digest in the same namespace.
    static let contentReference = "containerd.io/gc.ref.content"
    /// `containerd.io/gc.ref.snapshot.<snapshotter>[/<anything>]` = a snapshot key in the same namespace.
    static let snapshotReferencePrefix = "containerd.io/gc.ref.snapshot."

    enum Reference: Hashable {
        case content(Digest)
        case snapshot(snapshotter: String, key: String)
    }

    static func references(in labels: [String: String]) -> [Reference] {
        var out: [Reference] = []
        for (key, value) in labels {
            if key == contentReference || key.hasPrefix(contentReference + ".") {
                if let digest = try? Digest(parsing: value) { out.append(.content(digest)) }
            } else if key.hasPrefix(snapshotReferencePrefix) {
                let rest = key.dropFirst(snapshotReferencePrefix.count)
                let snapshotter = String(rest.prefix { $0 != "/" })
                if !snapshotter.isEmpty && !value.isEmpty { out.append(.snapshot(snapshotter: snapshotter, key: value)) }
            }
        }
        return out
    }
}
