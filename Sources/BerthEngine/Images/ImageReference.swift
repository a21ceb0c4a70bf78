import BerthCore

/// Docker's short image references as the engine stores them: `busybox` is `busybox:latest`, and the
/// `docker.io/library/` prefix an archive may carry is dropped for display and lookup, as `docker images`
/// shows it.
public struct ImageReference: Sendable, Hashable, CustomStringConvertible {
    public var repository: String
    public var tag: String

    public init(parsing text: String) throws {
        guard !text.isEmpty else { throw BerthError(.invalidArgument, "invalid reference format") }
        var name = text
        for prefix in ["docker.io/library/", "index.docker.io/library/", "docker.io/", "index.docker.io/"] where name.hasPrefix(prefix) {
            name.removeFirst(prefix.count)
            break
        }
        // A colon after the last slash separates the tag (a colon before it is a registry port).
        var tag = "latest"
        if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") {
            tag = String(name[name.index(after: colon)...])
            name = String(name[..<colon])
        }
        let allowed = name.unicodeScalars.allSatisfy { c in
            ("a"..."z").contains(c) || ("0"..."9").contains(c) || c == "." || c == "_" || c == "-" || c == "/" || c == ":"
        }
        guard !name.isEmpty, allowed, !tag.isEmpty else {
            throw BerthError(.invalidArgument, "invalid reference format: repository name (\(text)) must be lowercase")
        }
        repository = name
        self.tag = tag
    }

    public var description: String { "\(repository):\(tag)" }
}
