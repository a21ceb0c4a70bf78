/// A mount as containerd describes one: what a snapshotter hands out instead of mounting itself, so the
/// caller (the shim, or an unpacker applying a layer) decides where and in which mount namespace.
public struct Mount: Sendable, Codable, Equatable {
    /// Filesystem type for mount(2): "bind", "overlay", ...
    public var type: String
    public var source: String
    /// Where the mount goes, when the producer knows it (snapshotters leave it empty).
    public var target: String?
    /// mount(8)-style options: flags ("ro", "rbind") and filesystem data ("lowerdir=...").
    public var options: [String]

    public init(type: String, source: String, target: String? = nil, options: [String] = []) {
        self.type = type
        self.source = source
        self.target = target
        self.options = options
    }

    public var isReadOnly: Bool { options.contains("ro") }
}
