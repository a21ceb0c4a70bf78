import BerthContent
import BerthCore
import BerthOCI

/// Reads an image's graph from the content store: the platform's manifest out of an index, its config,
/// and every blob the image references (so a namespace can record all of them).
struct ImageResolver: Sendable {
    let store: ContentStore

    func manifest(for target: Descriptor, platform: Platform, image: String) throws -> (Descriptor, Manifest) {
        if MediaTypes.isManifest(target.mediaType) {
            return (target, try JSONCoding.decode(Manifest.self, from: store.readAll(target.digest), source: "image \(image) manifest"))
        }
        guard MediaTypes.isIndex(target.mediaType) else {
            throw BerthError(.unsupported, "image \(image): target media type \(target.mediaType) is neither a manifest nor an index")
        }
        let index = try JSONCoding.decode(Index.self, from: store.readAll(target.digest), source: "image \(image) index")
        let manifests = index.manifests.filter { MediaTypes.isManifest($0.mediaType) || MediaTypes.isIndex($0.mediaType) }
        // An index without platforms (some single-image OCI layouts) means "this one".
        guard let chosen = platform.bestMatch(in: manifests) ?? (manifests.count == 1 && manifests[0].platform == nil ? manifests.first : nil) else {
            let available = manifests.compactMap { $0.platform?.description }.joined(separator: ", ")
            throw BerthError(.notFound, "image \(image): no manifest for platform \(platform) (available: \(available.isEmpty ? "none" : available))")
        }
        return try manifest(for: chosen, platform: platform, image: image)
    }

    func config(of manifest: Manifest, image: String) throws -> (bytes: [UInt8], config: ImageConfig) {
        let bytes = try store.readAll(manifest.config.digest)
        return (bytes, try JSONCoding.decode(ImageConfig.self, from: bytes, source: "image \(image) config"))
    }

    /// Every descriptor reachable from `target` that is present locally (layers of other platforms may
    /// be absent from an index's content).
    func reachable(from target: Descriptor) -> [Descriptor] {
        var out: [Descriptor] = []
        var seen: Set<Digest> = []
        var queue = [target]
        while let next = queue.popLast() {
            guard seen.insert(next.digest).inserted, store.exists(next.digest) else { continue }
            out.append(next)
            if MediaTypes.isIndex(next.mediaType),
               let index = try? JSONCoding.decode(Index.self, from: store.readAll(next.digest), source: "index") {
                queue += index.manifests
            } else if MediaTypes.isManifest(next.mediaType),
                      let manifest = try? JSONCoding.decode(Manifest.self, from: store.readAll(next.digest), source: "manifest") {
                queue.append(manifest.config)
                queue += manifest.layers
            }
        }
        return out
    }
}
