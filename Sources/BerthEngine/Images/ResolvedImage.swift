import BerthCore
import BerthOCI

/// One image as the engine sees it: the supervisor's named records that point at it, and the
/// manifest and config chosen for this host. Docker's image id is the config digest.
public struct ResolvedImage: Sendable {
    public var names: [String]
    public var target: Descriptor
    public var manifest: Manifest
    public var config: ImageConfig
    public var configBytes: [UInt8]
    /// Unix seconds of the image's record (when it was created or tagged here).
    public var recordedAt: Int64

    public var id: String { manifest.config.digest.description }

    /// Sum of the layers' stored sizes (compressed as distributed).
    public var size: Int64 { manifest.layers.reduce(0) { $0 + $1.size } }

    public var createdSeconds: Int64 {
        guard let created = config.created else { return 0 }
        return (Timestamp.unixNanos(rfc3339: created) ?? 0) / 1_000_000_000
    }
}
