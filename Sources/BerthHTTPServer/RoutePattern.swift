/// A route path such as `/containers/{id}/json` or `/images/{name...}/json`.
///
/// `{name}` matches one non-empty segment. `{name...}` matches one or more segments, slashes included:
/// image references contain `/` (`docker.io/library/busybox:latest`), and dockerd resolves them by the
/// fixed suffix after the name (`/json`, `/history`, `/tag`, `/push`, `/get`). At most one per pattern.
struct RoutePattern: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        case remainder(String)
    }

    let text: String
    let segments: [Segment]

    init(_ text: String) throws {
        var segments: [Segment] = []
        for piece in text.split(separator: "/", omittingEmptySubsequences: true) {
            if piece.hasPrefix("{"), piece.hasSuffix("}") {
                let inner = piece.dropFirst().dropLast()
                if inner.hasSuffix("...") {
                    segments.append(.remainder(String(inner.dropLast(3))))
                } else {
                    segments.append(.parameter(String(inner)))
                }
            } else {
                segments.append(.literal(String(piece)))
            }
        }
        let remainders = segments.filter { if case .remainder = $0 { true } else { false } }.count
        guard remainders <= 1 else {
            throw HTTPError(.internalServerError, "route \(text): at most one {name...} segment")
        }
        self.text = text
        self.segments = segments
    }

    /// More literal segments first, so `/images/json` wins over `/images/{name...}`.
    var specificity: (literals: Int, fixedLength: Bool) {
        let literals = segments.filter { if case .literal = $0 { true } else { false } }.count
        let fixed = !segments.contains { if case .remainder = $0 { true } else { false } }
        return (literals, fixed)
    }

    /// The parameters when `path` (split into decoded segments) matches, else nil.
    func match(_ path: [Substring]) -> [String: String]? {
        guard let remainderIndex = segments.firstIndex(where: { if case .remainder = $0 { true } else { false } }) else {
            guard path.count == segments.count else { return nil }
            var parameters: [String: String] = [:]
            for (segment, piece) in zip(segments, path) {
                guard Self.matchOne(segment, piece, into: &parameters) else { return nil }
            }
            return parameters
        }
        let suffixCount = segments.count - remainderIndex - 1
        guard path.count >= remainderIndex + 1 + suffixCount else { return nil }
        var parameters: [String: String] = [:]
        for index in 0..<remainderIndex {
            guard Self.matchOne(segments[index], path[index], into: &parameters) else { return nil }
        }
        for offset in 0..<suffixCount {
            let segment = segments[remainderIndex + 1 + offset]
            guard Self.matchOne(segment, path[path.count - suffixCount + offset], into: &parameters) else { return nil }
        }
        guard case .remainder(let name) = segments[remainderIndex] else { return nil }
        parameters[name] = path[remainderIndex..<(path.count - suffixCount)].joined(separator: "/")
        return parameters
    }

    private static func matchOne(_ segment: Segment, _ piece: Substring, into parameters: inout [String: String]) -> Bool {
        switch segment {
        case .literal(let literal): return piece == literal
        case .parameter(let name), .remainder(let name):
            guard !piece.isEmpty else { return false }
            parameters[name] = String(piece)
            return true
        }
    }
}
