import FoundationEssentials

/// The daemon.json settings that shape how registries are reached: which hosts may be spoken to
/// over plain HTTP or unverified TLS, and which mirrors stand in for Docker Hub.
public struct RegistryConfiguration: Sendable {
    /// `host[:port]` names and CIDR ranges. Loopback (127.0.0.0/8, ::1, localhost) is always
    /// insecure, as dockerd treats it.
    public var insecureRegistries: [String]
    /// Base URLs (`https://mirror.example`) tried in order for docker.io pulls before Docker Hub.
    public var mirrors: [String]
    public var userAgent: String
    /// Attempts per request on transient failures (connection refused/reset, 5xx).
    public var attempts: Int
    /// Delay before the second attempt; doubled for each later one.
    public var retryDelay: Duration

    public init(insecureRegistries: [String] = [], mirrors: [String] = [], userAgent: String = "berth/0.1",
                attempts: Int = 3, retryDelay: Duration = .milliseconds(200)) {
        self.insecureRegistries = insecureRegistries
        self.mirrors = mirrors
        self.userAgent = userAgent
        self.attempts = max(1, attempts)
        self.retryDelay = retryDelay
    }

    /// Docker Hub's API host: references say `docker.io`, requests go here.
    public static let dockerHubHost = "registry-1.docker.io"
    /// The key Docker Hub credentials are stored under, and the default login server.
    public static let dockerHubIndex = "https://index.docker.io/v1/"

    /// True when `host` (with optional port) may be reached over HTTP or unverified TLS.
    public func isInsecure(_ host: String) -> Bool {
        let (name, _) = Self.split(host)
        if name == "localhost" || name == "::1" || name == "[::1]" { return true }
        if let address = IPv4(name), IPv4.loopback.contains(address) { return true }
        for entry in insecureRegistries {
            let entry = Self.stripScheme(entry)
            if entry == host || entry == name { return true }
            if let range = CIDR(entry), let address = IPv4(name), range.contains(address) { return true }
        }
        return false
    }

    /// The API host for a reference domain.
    public static func apiHost(for domain: String) -> String {
        domain == "docker.io" || domain == "index.docker.io" ? dockerHubHost : domain
    }

    static func stripScheme(_ text: String) -> String {
        var out = text
        for scheme in ["https://", "http://"] where out.hasPrefix(scheme) { out.removeFirst(scheme.count) }
        while out.hasSuffix("/") { out.removeLast() }
        return out
    }

    static func split(_ host: String) -> (String, Int?) {
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            let name = String(host[host.index(after: host.startIndex)..<close])
            let rest = host[host.index(after: close)...]
            return (name, rest.hasPrefix(":") ? Int(rest.dropFirst()) : nil)
        }
        let parts = host.split(separator: ":")
        if parts.count == 2, let port = Int(parts[1]) { return (String(parts[0]), port) }
        return (host, nil)
    }

    struct IPv4: Equatable {
        var value: UInt32
        init?(_ text: String) {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            var value: UInt32 = 0
            for part in parts {
                guard let octet = UInt8(part) else { return nil }
                value = value << 8 | UInt32(octet)
            }
            self.value = value
        }
        static let loopback = CIDR(base: 0x7F00_0000, prefix: 8)
    }

    struct CIDR {
        var base: UInt32
        var prefix: Int
        init(base: UInt32, prefix: Int) { self.base = base; self.prefix = prefix }
        init?(_ text: String) {
            let parts = text.split(separator: "/")
            guard parts.count == 2, let address = IPv4(String(parts[0])), let prefix = Int(parts[1]), (0...32).contains(prefix) else { return nil }
            self.base = address.value
            self.prefix = prefix
        }
        var mask: UInt32 { prefix == 0 ? 0 : UInt32.max << UInt32(32 - prefix) }
        func contains(_ address: IPv4) -> Bool { address.value & mask == base & mask }
    }
}
