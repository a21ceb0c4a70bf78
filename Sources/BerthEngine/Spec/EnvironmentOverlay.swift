/// `KEY=value` lists where a later entry replaces an earlier one with the same key, keeping the
/// order of first appearance otherwise: how dockerd merges image, container and exec environments.
enum EnvironmentOverlay {
    static func key(_ entry: String) -> Substring {
        entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? Substring(entry)
    }

    static func apply(_ overrides: [String], to base: [String]) -> [String] {
        var out = base
        for entry in overrides {
            let name = key(entry)
            out.removeAll { key($0) == name }
            out.append(entry)
        }
        return out
    }
}
