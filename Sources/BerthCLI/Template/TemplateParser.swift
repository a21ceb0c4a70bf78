/// Go text/template's recursive-descent parser (parse.go), producing the node list the executor walks.
/// Function names and variables are checked at parse time, as Go does, so `{{foo .}}` fails with
/// `function "foo" not defined` before any data is looked at.
struct TemplateParser {
    let tokens: [TemplateToken]
    let name: String
    let lexer: TemplateLexer
    let functions: Set<String>
    var index = 0
    var vars: [String] = ["$"]
    var rangeDepth = 0

    init(lexer: TemplateLexer, tokens: [TemplateToken], functions: Set<String>) {
        self.lexer = lexer
        self.tokens = tokens
        self.name = lexer.name
        self.functions = functions
    }

    func error(_ msg: String) -> TemplateError {
        let pos = tokens[max(0, min(index, tokens.count) - 1)].pos
        return lexer.error(msg, at: pos)
    }

    private func peek() -> TemplateToken { tokens[min(index, tokens.count - 1)] }
    private mutating func next() -> TemplateToken {
        let t = peek()
        index += 1
        return t
    }
    private mutating func backup(_ n: Int = 1) { index -= n }
    private mutating func nextNonSpace() -> TemplateToken {
        var t = next()
        while t.kind == .space { t = next() }
        return t
    }
    private mutating func peekNonSpace() -> TemplateToken {
        let t = nextNonSpace()
        backup()
        return t
    }

    private func unexpected(_ t: TemplateToken, _ context: String) -> TemplateError {
        error("unexpected \(t.described) in \(context)")
    }

    /// What ends an item list: `{{end}}` or `{{else}}` (possibly `{{else if ...}}`).
    private enum Terminator {
        case end
        case elseBranch(kind: String?)
    }

    mutating func parse() throws -> [TemplateNode] {
        var list: [TemplateNode] = []
        while peek().kind != .eof {
            let (node, term) = try textOrAction()
            if term != nil {
                switch term {
                case .end: throw error("unexpected {{end}}")
                default: throw error("unexpected {{else}}")
                }
            }
            if let node { list.append(node) }
        }
        return list
    }

    private mutating func textOrAction() throws -> (TemplateNode?, Terminator?) {
        let t = nextNonSpace()
        switch t.kind {
        case .text(let s): return (.text(s), nil)
        case .leftDelim: return try action()
        default: throw unexpected(t, "input")
        }
    }

    private mutating func action() throws -> (TemplateNode?, Terminator?) {
        let t = nextNonSpace()
        if case .keyword(let k) = t.kind {
            switch k {
            case "end":
                let close = nextNonSpace()
                guard close.kind == .rightDelim else { throw unexpected(close, "end") }
                return (nil, .end)
            case "else":
                let following = peekNonSpace()
                if case .keyword(let kw) = following.kind, kw == "if" || kw == "with" {
                    _ = nextNonSpace()
                    return (nil, .elseBranch(kind: kw))
                }
                let close = nextNonSpace()
                guard close.kind == .rightDelim else { throw unexpected(close, "else") }
                return (nil, .elseBranch(kind: nil))
            case "if": return (try control("if"), nil)
            case "range": return (try control("range"), nil)
            case "with": return (try control("with"), nil)
            case "break", "continue":
                guard rangeDepth > 0 else { throw error("{{\(k)}} outside {{range}}") }
                let close = nextNonSpace()
                guard close.kind == .rightDelim else { throw unexpected(close, "{{\(k)}}") }
                return (k == "break" ? .breakNode(t.pos) : .continueNode(t.pos), nil)
            default:
                throw error("{{\(k)}} is not supported in --format templates")
            }
        }
        backup()
        return (.action(try pipeline("command", end: .rightDelim)), nil)
    }

    private mutating func itemList() throws -> ([TemplateNode], Terminator) {
        var list: [TemplateNode] = []
        while peekNonSpace().kind != .eof {
            let (node, term) = try textOrAction()
            if let term { return (list, term) }
            if let node { list.append(node) }
        }
        throw error("unexpected EOF")
    }

    private mutating func control(_ context: String) throws -> TemplateNode {
        let mark = vars.count
        defer { vars.removeLast(vars.count - mark) }
        let pipe = try pipeline(context, end: .rightDelim)
        if context == "range" { rangeDepth += 1 }
        let (list, term) = try itemList()
        if context == "range" { rangeDepth -= 1 }
        var elseList: [TemplateNode]?
        if case .elseBranch(let kind) = term {
            if let kind {
                // `{{else if}}` / `{{else with}}` nest a control that consumes the shared {{end}}.
                guard kind == context else { throw error("unexpected {{else \(kind)}} in \(context)") }
                elseList = [try control(kind)]
            } else {
                let (l, t2) = try itemList()
                guard case .end = t2 else { throw error("expected end; found {{else}}") }
                elseList = l
            }
        }
        switch context {
        case "if": return .ifNode(pipe, list, elseList)
        case "range": return .rangeNode(pipe, list, elseList)
        default: return .withNode(pipe, list, elseList)
        }
    }

    private mutating func pipeline(_ context: String, end: TemplateToken.Kind) throws -> TemplatePipe {
        var pipe = TemplatePipe(pos: peekNonSpace().pos, declarations: [], isAssign: false, commands: [])
        declarations: while true {
            let v = peekNonSpace()
            guard case .variable(let varName) = v.kind else { break }
            let save = index
            _ = nextNonSpace()
            let following = peekNonSpace()
            switch following.kind {
            case .declare, .assign:
                pipe.isAssign = following.kind == .assign
                _ = nextNonSpace()
                pipe.declarations.append(varName)
                if !pipe.isAssign { vars.append(varName) }
                break declarations
            case .comma:
                _ = nextNonSpace()
                pipe.declarations.append(varName)
                vars.append(varName)
                if context == "range" && pipe.declarations.count < 2 {
                    if case .variable = peekNonSpace().kind { continue declarations }
                    throw error("range can only initialize variables")
                }
                throw error("too many declarations in \(context)")
            default:
                index = save
                break declarations
            }
        }
        if pipe.isAssign, let v = pipe.declarations.first, !vars.contains(v) { throw error("undefined variable \(GoFormat.quote(v))") }
        while true {
            let t = nextNonSpace()
            if t.kind == end {
                guard !pipe.commands.isEmpty else { throw error("missing value for \(context)") }
                for (i, c) in pipe.commands.enumerated().dropFirst() {
                    switch c.args.first {
                    case .literal?, .dot?, .nilValue?:
                        throw error("non executable command in pipeline stage \(i + 1)")
                    default: break
                    }
                }
                return pipe
            }
            switch t.kind {
            case .bool, .char, .dot, .field, .identifier, .number, .nilValue, .string, .variable, .leftParen:
                backup()
                pipe.commands.append(try command())
            default:
                throw unexpected(t, context)
            }
        }
    }

    private mutating func command() throws -> TemplatePipe.Command {
        var cmd = TemplatePipe.Command(pos: peekNonSpace().pos, text: "", args: [])
        loop: while true {
            _ = peekNonSpace()
            if let operand = try operand() { cmd.args.append(operand) }
            let t = next()
            switch t.kind {
            case .space: continue loop
            case .rightDelim, .rightParen: backup()
            case .pipe: break
            default: throw unexpected(t, "operand")
            }
            break loop
        }
        guard !cmd.args.isEmpty else { throw error("empty command") }
        cmd.text = cmd.args.map(\.text).joined(separator: " ")
        return cmd
    }

    private mutating func operand() throws -> TemplateOperand? {
        guard let node = try term() else { return nil }
        guard case .field = peek().kind else { return node }
        var names: [String] = []
        let chainPos = peek().pos
        while case .field(let f) = peek().kind {
            names.append(f)
            index += 1
        }
        switch node {
        case .field(_, let base): return .field(pos: chainPos, names: base + names)
        case .variable(_, let name, let base): return .variable(pos: chainPos, name: name, names: base + names)
        case .literal, .nilValue, .dot: throw error("unexpected . after term \(GoFormat.quote(node.text))")
        default: return .chain(pos: chainPos, node: node, names: names)
        }
    }

    private mutating func term() throws -> TemplateOperand? {
        let t = nextNonSpace()
        switch t.kind {
        case .identifier(let fn):
            guard functions.contains(fn) else { throw error("function \(GoFormat.quote(fn)) not defined") }
            return .identifier(pos: t.pos, name: fn)
        case .dot: return .dot(pos: t.pos)
        case .nilValue: return .nilValue(pos: t.pos)
        case .variable(let v):
            guard vars.contains(v) else { throw error("undefined variable \(GoFormat.quote(v))") }
            return .variable(pos: t.pos, name: v, names: [])
        case .field(let f): return .field(pos: t.pos, names: [f])
        case .bool(let b): return .literal(pos: t.pos, value: .bool(b), text: t.text)
        case .char(let c): return .literal(pos: t.pos, value: .int(c), text: t.text)
        case .number(let n):
            guard let v = TemplateLexer.parseNumber(n) else { throw error("bad number syntax: \(GoFormat.quote(n))") }
            return .literal(pos: t.pos, value: v, text: t.text)
        case .string(let s): return .literal(pos: t.pos, value: .string(s), text: t.text)
        case .leftParen:
            let p = try pipeline("parenthesized pipeline", end: .rightParen)
            return .pipe(pos: t.pos, pipe: p)
        default:
            backup()
            return nil
        }
    }
}
