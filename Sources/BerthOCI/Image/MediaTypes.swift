/// Media types of image content: OCI image-spec v1.1 and the Docker schema2 types they were derived
/// from (registries, `docker save` and older tooling still produce the Docker ones).
public enum MediaTypes {
    // OCI
    public static let ociDescriptor = "application/vnd.oci.descriptor.v1+json"
    public static let ociLayoutHeader = "application/vnd.oci.layout.header.v1+json"
    public static let ociIndex = "application/vnd.oci.image.index.v1+json"
    public static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    public static let ociConfig = "application/vnd.oci.image.config.v1+json"
    public static let ociLayer = "application/vnd.oci.image.layer.v1.tar"
    public static let ociLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip"
    public static let ociLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd"
    public static let ociLayerNonDistributable = "application/vnd.oci.image.layer.nondistributable.v1.tar"
    public static let ociLayerNonDistributableGzip = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"
    public static let ociLayerNonDistributableZstd = "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd"
    public static let ociEmpty = "application/vnd.oci.empty.v1+json"

    // Docker schema2
    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    public static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
    public static let dockerConfig = "application/vnd.docker.container.image.v1+json"
    /// Uncompressed Docker layer: not in the schema2 document, but containerd and buildkit write it.
    public static let dockerLayer = "application/vnd.docker.image.rootfs.diff.tar"
    public static let dockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip"
    public static let dockerLayerZstd = "application/vnd.docker.image.rootfs.diff.tar.zstd"
    public static let dockerForeignLayerGzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"

    public static func isIndex(_ mediaType: String) -> Bool {
        mediaType == ociIndex || mediaType == dockerManifestList
    }

    public static func isManifest(_ mediaType: String) -> Bool {
        mediaType == ociManifest || mediaType == dockerManifest
    }

    public static func isConfig(_ mediaType: String) -> Bool {
        mediaType == ociConfig || mediaType == dockerConfig
    }

    /// Layer media types whose content is a (possibly compressed) filesystem changeset.
    public static func isLayer(_ mediaType: String) -> Bool {
        switch mediaType {
        case ociLayer, ociLayerGzip, ociLayerZstd, ociLayerNonDistributable, ociLayerNonDistributableGzip,
             ociLayerNonDistributableZstd, dockerLayer, dockerLayerGzip, dockerLayerZstd, dockerForeignLayerGzip:
            return true
        default:
            return false
        }
    }

    /// Foreign / non-distributable layers may be absent from archives and registries by design.
    public static func isNonDistributable(_ mediaType: String) -> Bool {
        mediaType == dockerForeignLayerGzip || mediaType.hasPrefix("application/vnd.oci.image.layer.nondistributable.")
    }
}
