/// One lexical item of a template, with its byte offset in the source (exec errors report `line:col`
/// computed from it, as Go's ErrorContext does).
struct TemplateToken {
    enum Kind: Equatable {
        case text(String)
        case leftDelim
        case rightDelim
        case space
        case field(String)
        case variable(String)
        case identifier(String)
        case keyword(String)
        case string(String)
        case char(Int64)
        case number(String)
        case bool(Bool)
        case nilValue
        case dot
        case pipe
        case leftParen
        case rightParen
        case declare
        case assign
        case comma
        case eof
    }

    var kind: Kind
    var pos: Int
    /// Source text of the item, used to render nodes in error contexts (`at <.Foo>`).
    var text: String

    /// How Go's parser names an item in `unexpected X in Y` messages.
    var described: String {
        switch kind {
        case .eof: return "EOF"
        case .keyword(let k): return "<\(k)>"
        default:
            let quoted = GoFormat.quote(text)
            if text.count > 10 { return GoFormat.quote(String(text.prefix(10))) + "..." }
            return quoted
        }
    }
}
