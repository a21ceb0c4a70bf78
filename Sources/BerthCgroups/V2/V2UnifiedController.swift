import BerthCore

/// `linux.resources.unified`: raw cgroup2 interface files, written last so they override the typed fields.
enum V2UnifiedController {
    /// Files that change membership or the tree shape belong to the runtime, not to a resources map.
    static let reserved: Set<String> = ["cgroup.procs", "cgroup.threads", "cgroup.subtree_control", "cgroup.kill"]

    static func validate(_ unified: [String: String]) throws {
        for key in unified.keys.sorted() {
            let field = "linux.resources.unified[\"\(key)\"]"
            guard !key.isEmpty, !key.contains("/"), !key.contains(".."), !key.contains("\0") else {
                throw BerthError(.invalidConfig, "\(field): key must be a file name in the cgroup directory (no \"/\" or \"..\")")
            }
            guard !reserved.contains(key) else {
                throw BerthError(.invalidConfig, "\(field): \(key) is managed by the runtime and cannot be set")
            }
        }
    }

    static func set(_ dir: String, _ unified: [String: String]?) throws {
        guard let unified, !unified.isEmpty else { return }
        try validate(unified)
        for key in unified.keys.sorted() {
            guard let value = unified[key] else { continue }
            try CgroupFiles.write(dir, key, value, field: "linux.resources.unified[\"\(key)\"]")
        }
    }
}
