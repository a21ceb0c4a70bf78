/// Registry addresses as the docker CLI keys credentials: Docker Hub under its legacy index URL
/// (`https://index.docker.io/v1/`), every other registry under `host[:port]`.
public enum RegistryAddress {
    /// registry.IndexServer: Docker Hub's key in config.json and the default `login`/`logout` server.
    public static let indexServer = "https://index.docker.io/v1/"
    /// registry.DefaultNamespace: `login docker.io` means Docker Hub.
    public static let defaultNamespace = "docker.io"

    /// Hostnames that all mean Docker Hub. docker itself normalises only `docker.io` and
    /// `index.docker.io`; `registry-1.docker.io` (the API host) is accepted too so a key written by
    /// another tool still matches.
    static let hubHosts: Set<String> = ["docker.io", "index.docker.io", "registry-1.docker.io"]

    /// credentials.ConvertToHostname: `https://host:5000/v2/` → `host:5000`, `host/x` → `host`.
    public static func hostname(_ address: String) -> String {
        var s = Substring(address)
        let hadScheme = s.firstRange(of: "://") != nil
        if let scheme = s.firstRange(of: "://") { s = s[scheme.upperBound...] }
        if let end = s.firstIndex(where: { $0 == "/" || (hadScheme && ($0 == "?" || $0 == "#")) }) { s = s[..<end] }
        // url.Parse keeps user:password@ out of the host.
        if hadScheme, let at = s.lastIndex(of: "@") { s = s[s.index(after: at)...] }
        return String(s)
    }

    /// True for any spelling of Docker Hub: `docker.io`, `https://index.docker.io/v1/`, `registry-1.docker.io`.
    public static func isDockerHub(_ address: String) -> Bool {
        address == indexServer || hubHosts.contains(hostname(address).lowercased())
    }

    /// The config.json key for a registry domain (command.getAuthConfigKey, widened to every Hub alias).
    public static func authKey(_ address: String) -> String {
        isDockerHub(address) ? indexServer : hostname(address)
    }

    /// The registry of an image reference: the first path component when it looks like a host (has
    /// `.` or `:`, or is `localhost`) and is followed by more path, else Docker Hub (`docker.io`).
    public static func domain(ofImage image: String) -> String {
        guard let slash = image.firstIndex(of: "/") else { return defaultNamespace }
        let first = image[..<slash]
        guard first.contains(".") || first.contains(":") || first == "localhost" else { return defaultNamespace }
        return first == "index.docker.io" ? defaultNamespace : String(first)
    }
}
