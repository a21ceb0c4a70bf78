import BerthCore
import BerthOCI

/// One image as the engine sees it: the supervisor's named records that point at it, and the
/// manifest and config chosen for this host. Docker's image id is the config digest.
public struct ResolvedImage: Sendable {
    /// Familiar `repository:tag` names (RepoTags); empty for a dangling image.
    public var names: [String]
    /// The supervisor image records behind this image, as stored (dangling records included): what
    /// Unpack, Export and Delete take.
    public var recordNames: [String]
    public var target: Descriptor
    public var manifest: Manifest
    public var config: ImageConfig
    public var configBytes: [UInt8]
    /// Unix seconds of the image's record (when it was created or tagged here).
    public var recordedAt: Int64
    /// `repository@sha256:…` names from pulls and pushes (RepoDigests).
    public var repoDigests: [String] = []

    public var id: String { manifest.config.digest.description }

    /// The id as `docker images` shows it: 12 hex digits.
    public var shortID: String { String(manifest.config.digest.encoded.prefix(12)) }

    /// Sum of the layers' stored sizes (compressed as distributed).
    public var size: Int64 { manifest.layers.reduce(0) { $0 + $1.size } }

    public var isDangling: Bool { names.isEmpty }

    public var createdSeconds: Int64 {
        guard let created = config.created else { return 0 }
        return (Timestamp.unixNanos(rfc3339: created) ?? 0) / 1_000_000_000
    }
}
