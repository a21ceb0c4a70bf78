import BerthCore
import BerthOCI

/// The descriptors an OCI or Docker manifest or index points at, read with BerthCore's lenient JSON
/// reader: manifests → config and layers, indexes → manifests. Anything else has no children.
enum ContentChildren {
    struct Child: Hashable {
        var digest: Digest
        var mediaType: String?
    }

    static func children(of bytes: [UInt8]) -> [Child] {
        guard let document = try? JSONValue.parse(bytes), case .object = document else { return [] }
        var descriptors: [JSONValue] = []
        descriptors += document["manifests"]?.array ?? []
        if let config = document["config"] { descriptors.append(config) }
        descriptors += document["layers"]?.array ?? []
        return descriptors.compactMap { descriptor in
            guard let text = descriptor["digest"]?.string, let digest = try? Digest(parsing: text) else { return nil }
            return Child(digest: digest, mediaType: descriptor["mediaType"]?.string)
        }
    }

    /// Whether a blob of this media type must be parsed (true), can be skipped (false), or is unknown
    /// (nil: sniff it).
    static func mayHaveChildren(_ mediaType: String?) -> Bool? {
        guard let mediaType, !mediaType.isEmpty else { return nil }
        if MediaTypes.isIndex(mediaType) || MediaTypes.isManifest(mediaType) { return true }
        if MediaTypes.isLayer(mediaType) || MediaTypes.isConfig(mediaType) { return false }
        return nil
    }
}
