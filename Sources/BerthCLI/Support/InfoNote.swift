/// docker's tui.Output.PrintNote as it reads off a terminal: a blank line, ` Info -> `, and every
/// further line indented to the header's width (push --platform, login's PAT hint).
public enum InfoNote {
    static let header = " Info -> "

    public static func text(_ note: String) -> String {
        var out = "\n" + header
        for (i, line) in note.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if i > 0 { out += String(repeating: " ", count: header.count) }
            out += line + "\n"
        }
        return out
    }
}
