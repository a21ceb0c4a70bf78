import BerthCore
import BerthOCI

/// One element of a `docker save` archive's manifest.json.
struct DockerArchiveManifest: Codable, Sendable, Equatable {
    /// Archive path of the image config (`<hex>.json`, or `blobs/sha256/<hex>` since docker 25).
    var config: String
    var repoTags: [String]?
    /// Archive paths of the layers, bottom first (`<id>/layer.tar` or `blobs/sha256/<hex>`).
    var layers: [String]
    /// Descriptors of foreign layers, by digest.
    var layerSources: [String: Descriptor]?

    enum CodingKeys: String, CodingKey {
        case config = "Config", repoTags = "RepoTags", layers = "Layers", layerSources = "LayerSources"
    }

    init(config: String, repoTags: [String]?, layers: [String]) {
        self.config = config
        self.repoTags = repoTags
        self.layers = layers
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        config = try c.decode(String.self, forKey: .config)
        repoTags = try c.decodeIfPresent([String].self, forKey: .repoTags)
        layers = try c.decodeIfPresent([String].self, forKey: .layers) ?? []
        layerSources = try c.decodeIfPresent([String: Descriptor].self, forKey: .layerSources)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(config, forKey: .config)
        try c.encode(repoTags ?? [], forKey: .repoTags)
        try c.encode(layers, forKey: .layers)
        if let layerSources, !layerSources.isEmpty { try c.encode(layerSources, forKey: .layerSources) }
    }
}
