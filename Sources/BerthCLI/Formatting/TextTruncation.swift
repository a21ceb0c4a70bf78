/// The CLI's display shortenings: 12-character IDs (stringid.TruncateID) and formatter.Ellipsis.
public enum TextTruncation {
    /// Drops an algorithm prefix (`sha256:`) and keeps 12 characters.
    public static func id(_ id: String) -> String {
        var s = Substring(id)
        if let colon = s.firstIndex(of: ":") { s = s[s.index(after: colon)...] }
        return String(s.prefix(12))
    }

    /// formatter.Ellipsis: cut to `width` display cells with a trailing "…".
    public static func ellipsis(_ s: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        let scalars = Array(s.unicodeScalars)
        if width == 1 { return scalars.first.map { String($0) } ?? "" }
        guard scalars.count > width else { return s }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars.prefix(width - 1))
        return String(out) + "…"
    }
}
