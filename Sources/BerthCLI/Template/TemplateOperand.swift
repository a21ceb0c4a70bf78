/// An operand of a command: Go's FieldNode, VariableNode, ChainNode, literals, identifiers (function
/// names) and parenthesised pipelines. `text` is the source used in error contexts (`at <.Foo>`).
indirect enum TemplateOperand {
    case field(pos: Int, names: [String])
    case variable(pos: Int, name: String, names: [String])
    case dot(pos: Int)
    case nilValue(pos: Int)
    case literal(pos: Int, value: TemplateValue, text: String)
    case identifier(pos: Int, name: String)
    case pipe(pos: Int, pipe: TemplatePipe)
    case chain(pos: Int, node: TemplateOperand, names: [String])

    var pos: Int {
        switch self {
        case .field(let p, _), .variable(let p, _, _), .dot(let p), .nilValue(let p), .literal(let p, _, _),
             .identifier(let p, _), .pipe(let p, _), .chain(let p, _, _):
            return p
        }
    }

    var text: String {
        switch self {
        case .field(_, let names): return names.map { "." + $0 }.joined()
        case .variable(_, let name, let names): return name + names.map { "." + $0 }.joined()
        case .dot: return "."
        case .nilValue: return "nil"
        case .literal(_, _, let text): return text
        case .identifier(_, let name): return name
        case .pipe(_, let pipe): return "(" + pipe.commands.map(\.text).joined(separator: " | ") + ")"
        case .chain(_, let node, let names): return node.text + names.map { "." + $0 }.joined()
        }
    }
}
