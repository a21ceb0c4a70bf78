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
        }
        // A tag beside a digest (`x:1@sha256:…`) is dropped: the digest decides, as getAPITagFromNamedRef does.
        if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") {
            if !isDigest { tag = String(name[name.index(after: colon)...]) }
            name = name[..<colon]
        }
        if tag.isEmpty && !isDigest { tag = defaultTag }
        var repo = String(name)
        let first = repo.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
        let hasRegistry = repo.contains("/") && (first.contains(".") || first.contains(":") || first == "localhost"
            || first.contains(where: { $0.isUppercase }))
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

    /// reference.ParseNormalizedNamed's refusals, with its texts; nil for a valid reference.
    public static func validationError(_ text: String) -> String? {
        if text.count == 64 && text.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
            return "invalid repository name (\(text)), cannot specify 64-byte hexadecimal strings"
        }
        let ref = ImageReference(text)
        if ref.path.contains(where: { $0.isUppercase }) { return lowercaseError(ref) }
        var rest = Substring(text)
        if let at = rest.firstIndex(of: "@") {
            guard isDigest(rest[rest.index(after: at)...]) else { return "invalid reference format" }
            rest = rest[..<at]
        }
        if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
            guard isTag(rest[rest.index(after: colon)...]) else { return "invalid reference format" }
            rest = rest[..<colon]
        }
        var components = rest.split(separator: "/", omittingEmptySubsequences: false)
        if components.count > 1, let first = components.first,
           first.contains(".") || first.contains(":") || first == "localhost" || first.contains(where: { $0.isUppercase }) {
            guard isDomain(first) else { return "invalid reference format" }
            components.removeFirst()
        }
        guard !components.isEmpty, components.allSatisfy(isPathComponent) else { return "invalid reference format" }
        if ref.repository.count > 255 { return "invalid reference format: repository name must not be more than 255 characters" }
        return nil
    }

    /// `[\w][\w.-]{0,127}`
    static func isTag(_ tag: Substring) -> Bool {
        func word(_ c: Unicode.Scalar) -> Bool { c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_") }
        guard let first = tag.unicodeScalars.first, tag.unicodeScalars.count <= 128, word(first) else { return false }
        return tag.unicodeScalars.allSatisfy { word($0) || $0 == "." || $0 == "-" }
    }

    /// `algorithm:hex` with at least 32 hex digits.
    static func isDigest(_ digest: Substring) -> Bool {
        guard let colon = digest.firstIndex(of: ":") else { return false }
        let algorithm = digest[..<colon], hex = digest[digest.index(after: colon)...]
        return !algorithm.isEmpty && algorithm.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "+._-".contains($0)) }
            && hex.count >= 32 && hex.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    /// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`
    static func isPathComponent(_ component: Substring) -> Bool {
        let scalars = Array(component.unicodeScalars)
        func alnum(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("0"..."9").contains(c) }
        guard let first = scalars.first, let last = scalars.last, alnum(first), alnum(last) else { return false }
        var index = 0
        while index < scalars.count {
            if alnum(scalars[index]) { index += 1; continue }
            var end = index
            while end < scalars.count && !alnum(scalars[end]) { end += 1 }
            let separator = String(String.UnicodeScalarView(scalars[index..<end]))
            guard separator == "." || separator == "_" || separator == "__" || separator.allSatisfy({ $0 == "-" }) else { return false }
            index = end
        }
        return true
    }

    /// A host (DNS labels or an IPv6 literal in brackets) with an optional numeric port.
    static func isDomain(_ host: Substring) -> Bool {
        var name = host
        if host.first == "[" {
            guard let close = host.firstIndex(of: "]") else { return false }
            let after = host[host.index(after: close)...]
            guard after.isEmpty || (after.first == ":" && after.count > 1 && after.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }) else { return false }
            return host[host.index(after: host.startIndex)..<close].allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        if let colon = host.lastIndex(of: ":") {
            let port = host[host.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            name = host[..<colon]
        }
        guard !name.isEmpty else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            guard let first = label.first, let last = label.last, first.isASCII, last.isASCII,
                  first.isLetter || first.isNumber, last.isLetter || last.isNumber else { return false }
            return label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }
}
