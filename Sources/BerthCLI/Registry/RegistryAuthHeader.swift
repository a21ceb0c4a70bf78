/// The `X-Registry-Auth` value for a request that touches a registry: the stored credentials of the
/// image's (or search term's) registry, base64url-encoded JSON; `e30=` (`{}`) when not logged in,
/// which is what the docker CLI sends then (the daemon requires the header on push).
public enum RegistryAuthHeader {
    public static let name = "X-Registry-Auth"

    /// Credentials for the registry an image reference names (`busybox` → Docker Hub, `host:5000/x` → host:5000).
    public static func credentials(forImage image: String, in config: DockerConfigFile) -> RegistryAuthConfig {
        config.credentials(for: RegistryAddress.domain(ofImage: image))
    }

    public static func value(forImage image: String, in config: DockerConfigFile) -> String {
        credentials(forImage: image, in: config).headerValue
    }

    /// The header as a request header pair.
    public static func header(forImage image: String, in config: DockerConfigFile) -> (String, String) {
        (name, value(forImage: image, in: config))
    }
}
