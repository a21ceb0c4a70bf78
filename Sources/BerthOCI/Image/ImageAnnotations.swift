/// Annotation keys that name images inside OCI layouts and archives.
public enum ImageAnnotations {
    /// OCI: a reference (often just a tag) for a manifest in an image layout's index.json.
    public static let refName = "org.opencontainers.image.ref.name"
    /// containerd (and docker 25+ `docker save`): the full image name.
    public static let containerdImageName = "io.containerd.image.name"
    public static let created = "org.opencontainers.image.created"
}
