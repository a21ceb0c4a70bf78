import BerthCore

/// Docker's image references as the engine stores and shows them: the familiar form, where
/// `busybox` is `busybox:latest` and the `docker.io/library/` prefix is dropped, as `docker images`
/// shows it. Parsing follows distribution/reference's grammar (lowercase path components joined by
/// `.`, `_`, `__` or dashes; an optional registry host with port; a tag of up to 128 word characters,
/// dots and dashes; an optional `@algorithm:hex` digest), so a name that dockerd refuses is refused
/// here with dockerd's text.
public struct ImageReference: Sendable, Hashable, CustomStringConvertible {
    /// Familiar repository: `busybox`, `user/app`, `registry:5000/team/app`.
    public var repository: String
    public var tag: String
    /// `sha256:…` when the reference carried a digest.
    public var digest: String?

    public init(parsing text: String) throws {
        guard !text.isEmpty, text.count <= 512 else { throw BerthError(.invalidArgument, "invalid reference format") }
        var rest = text
        var digest: String?
        if let at = rest.firstIndex(of: "@") {
            let digestText = String(rest[rest.index(after: at)...])
            guard (try? Digest(parsing: digestText)) != nil else { throw BerthError(.invalidArgument, "invalid reference format") }
            digest = digestText
            rest = String(rest[..<at])
        }
        // A colon after the last slash separates the tag (a colon before it is a registry port).
        var tag: String?
        if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
            tag = String(rest[rest.index(after: colon)...])
            rest = String(rest[..<colon])
        }
        if let tag, !Self.isValidTag(tag) { throw BerthError(.invalidArgument, "invalid reference format") }
        let repository = try Self.familiarRepository(rest, original: text)
        self.repository = repository
        self.tag = tag ?? "latest"
        self.digest = digest
        // A bare digest reference has no tag to show; `latest` is only implied for names without one.
        if digest != nil && tag == nil { self.tag = "" }
    }

    public init(repository: String, tag: String) throws {
        self = try ImageReference(parsing: repository)
        guard digest == nil else { throw BerthError(.invalidArgument, "invalid reference format") }
        if !tag.isEmpty {
            guard Self.isValidTag(tag) else { throw BerthError(.invalidArgument, "invalid tag format") }
            self.tag = tag
        }
    }

    /// `repository:tag` (the form stored as a supervisor image name and shown in RepoTags), or
    /// `repository@digest` for a digest-only reference.
    public var description: String {
        if let digest, tag.isEmpty { return "\(repository)@\(digest)" }
        return "\(repository):\(tag)"
    }

    /// The repository and tag stand alone (`busybox`, `busybox:1`); digest references are not tags.
    public var isTagged: Bool { digest == nil }

    /// True when `text` names a repository without a tag or digest (`busybox`, `reg:5000/x`).
    public static func hasExplicitTag(_ text: String) -> Bool {
        if text.contains("@") { return true }
        guard let colon = text.lastIndex(of: ":") else { return false }
        return !text[colon...].contains("/")
    }

    static func isValidTag(_ tag: String) -> Bool {
        guard let first = tag.unicodeScalars.first, tag.unicodeScalars.count <= 128 else { return false }
        func word(_ c: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_"
        }
        return word(first) && tag.unicodeScalars.allSatisfy { word($0) || $0 == "." || $0 == "-" }
    }

    private static func familiarRepository(_ name: String, original: String) throws -> String {
        guard !name.isEmpty else { throw BerthError(.invalidArgument, "invalid reference format") }
        var components = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var domain: String?
        if components.count > 1, let first = components.first,
           first.contains(".") || first.contains(":") || first == "localhost" || first.contains(where: { $0.isUppercase }) {
            domain = first
            components.removeFirst()
        }
        if let host = domain {
            guard isValidDomain(host) else { throw BerthError(.invalidArgument, "invalid reference format") }
        }
        for component in components {
            if component.contains(where: { $0.isUppercase }) {
                throw BerthError(.invalidArgument, "invalid reference format: repository name (\(name)) must be lowercase")
            }
            guard isValidPathComponent(component) else { throw BerthError(.invalidArgument, "invalid reference format") }
        }
        guard name.count <= 255 else { throw BerthError(.invalidArgument, "invalid reference format: repository name must not be more than 255 characters") }
        if domain == nil || domain == "docker.io" || domain == "index.docker.io" {
            if components.count == 2 && components[0] == "library" { components.removeFirst() }
            return components.joined(separator: "/")
        }
        return ([domain ?? ""] + components).joined(separator: "/")
    }

    /// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`
    private static func isValidPathComponent(_ component: String) -> Bool {
        let scalars = Array(component.unicodeScalars)
        func alnum(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("0"..."9").contains(c) }
        guard let first = scalars.first, let last = scalars.last, alnum(first), alnum(last) else { return false }
        var index = 0
        while index < scalars.count {
            let c = scalars[index]
            if alnum(c) { index += 1; continue }
            var end = index
            while end < scalars.count && !alnum(scalars[end]) { end += 1 }
            let separator = String(String.UnicodeScalarView(scalars[index..<end]))
            guard separator == "." || separator == "_" || separator == "__" || separator.allSatisfy({ $0 == "-" }) else { return false }
            index = end
        }
        return true
    }

    private static func isValidDomain(_ host: String) -> Bool {
        var name = Substring(host)
        if let colon = host.lastIndex(of: ":") {
            let port = host[host.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy(\.isASCII), port.allSatisfy(\.isNumber) else { return false }
            name = host[..<colon]
        }
        guard !name.isEmpty else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            guard let first = label.first, let last = label.last else { return false }
            return first.isLetter || first.isNumber ? (last.isLetter || last.isNumber) && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } : false
        }
    }
}

extension ImageReference {
    /// The registry host the reference lives on: `docker.io` for familiar names.
    public var domain: String {
        let components = repository.split(separator: "/", maxSplits: 1)
        if components.count == 2, let first = components.first,
           first.contains(".") || first.contains(":") || first == "localhost" {
            return String(first)
        }
        return "docker.io"
    }

    /// The repository path on its registry: `library/busybox` for `busybox`, `team/app` for
    /// `reg:5000/team/app`.
    public var remoteName: String {
        let domain = self.domain
        if domain == "docker.io" {
            return repository.contains("/") ? repository : "library/" + repository
        }
        return String(repository.dropFirst(domain.count + 1))
    }

    /// `docker.io/library/busybox`: the name with its registry spelled out.
    public var fullRepository: String { "\(domain)/\(remoteName)" }

    /// The tag or, when the reference has none, the digest: what a manifest request names.
    public var manifestReference: String { digest ?? tag }
}
