/// Docker reference normalisation as the CLI sends it to the daemon: `busybox` →
/// `docker.io/library/busybox` + tag `latest`, `user/x:1` → `docker.io/user/x` + `1`,
/// `host:5000/x` stays on its registry; `x@sha256:…` keeps the digest in place of the tag.
public struct ImageReference: Equatable {
    /// Fully qualified repository (`docker.io/library/busybox`).
    public var repository: String
    /// A tag or, for digest references, the digest.
    public var tag: String
    public var isDigest: Bool

    public init(_ text: String, defaultTag: String = "latest") {
        var name = Substring(text)
        var tag = ""
        var isDigest = false
        if let at = name.firstIndex(of: "@") {
            tag = String(name[name.index(after: at)...])
            name = name[..<at]
            isDigest = true
        } else if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") {
            tag = String(name[name.index(after: colon)...])
            name = name[..<colon]
        }
        if tag.isEmpty && !isDigest { tag = defaultTag }
        var repo = String(name)
        let first = repo.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
        let hasRegistry = repo.contains("/") && (first.contains(".") || first.contains(":") || first == "localhost")
        if !hasRegistry {
            repo = repo.contains("/") ? "docker.io/" + repo : "docker.io/library/" + repo
        }
        self.repository = repo
        self.tag = tag
        self.isDigest = isDigest
    }

    /// reference.FamiliarString: `busybox:latest`, `user/x:1`, `host:5000/x:1`.
    public var familiar: String {
        var repo = repository
        if repo.hasPrefix("docker.io/library/") { repo = String(repo.dropFirst(18)) } else if repo.hasPrefix("docker.io/") { repo = String(repo.dropFirst(10)) }
        if tag.isEmpty { return repo }
        return repo + (isDigest ? "@" : ":") + tag
    }

    /// The path part (`library/busybox`) that distribution/reference requires in lowercase.
    public var path: String {
        guard let slash = repository.firstIndex(of: "/") else { return repository }
        return String(repository[repository.index(after: slash)...])
    }

    /// docker's client-side check before tag/commit: `Error parsing reference: …` for an upper-case
    /// repository, nil when the reference is acceptable.
    public static func parseError(_ text: String) -> String? {
        let ref = ImageReference(text)
        guard ref.path.contains(where: { $0.isUppercase }) else { return nil }
        return "Error parsing reference: \"\(text)\" is not a valid repository/tag: " + lowercaseError(ref)
    }

    /// The bare distribution/reference error (`commit` prints only this).
    public static func lowercaseError(_ ref: ImageReference) -> String {
        "invalid reference format: repository name (\(ref.path)) must be lowercase"
    }
}
