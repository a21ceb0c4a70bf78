/// Where a shim listens. The socket name is the sha256 of `namespace/id`, so any id length fits the
/// 108-byte sun_path limit and a second `berth-shim start` for the same task finds the first one.
public enum ShimAddress {
    public static let defaultSocketDirectory = "/run/berth/s"

    public static func socketPath(namespace: String, id: String, socketDirectory: String = defaultSocketDirectory) -> String {
        socketDirectory + "/" + SHA256.hex(Array((namespace + "/" + id).utf8))
    }

    /// `unix:///run/berth/s/<hash>`, the form printed by `berth-shim start` and stored in `bundle/address`.
    public static func address(forSocket path: String) -> String { "unix://" + path }

    /// Accepts `unix:///path` or a bare path.
    public static func socketPath(fromAddress address: String) -> String {
        var text = address
        while text.last == "\n" || text.last == " " { text.removeLast() }
        if text.hasPrefix("unix://") { return String(text.dropFirst(7)) }
        return text
    }
}
