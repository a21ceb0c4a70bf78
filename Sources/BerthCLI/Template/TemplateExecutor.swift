/// Walks a parsed template over a value (Go's exec.go). Errors carry Go's context prefix:
/// `template: NAME:LINE:COL: executing "NAME" at <NODE>: message`.
struct TemplateExecutor {
    let name: String
    let source: [UInt8]
    let functions: [String: TemplateFunctions.Function]
    /// Go's `missingkey=error`: docker inspect's raw-JSON fallback uses it, so a misspelt field fails.
    let strictMissingKeys: Bool
    var vars: [(String, TemplateValue)] = []
    var output = ""

    enum Flow { case normal, breakLoop, continueLoop }

    /// The zero value Go returns for a missing map key: "" for string maps (docker's typed
    /// `map[string]string` such as Labels), else an invalid value that prints `<no value>`.
    static func zeroValue(in map: [String: TemplateValue]) -> TemplateValue {
        for v in map.values {
            guard case .string = v else { return .none }
        }
        return .string("")
    }

    func failure(at pos: Int, node: String, _ message: String) -> TemplateError {
        let before = source[0..<min(pos, source.count)]
        let line = 1 + before.filter { $0 == 0x0A }.count
        let column: Int
        if let nl = before.lastIndex(of: 0x0A) { column = pos - (nl + 1) } else { column = pos }
        return TemplateError("template: \(name):\(line):\(column): executing \"\(name)\" at <\(node)>: \(message)", isParseError: false)
    }

    mutating func run(_ nodes: [TemplateNode], dot: TemplateValue) throws -> Flow {
        for node in nodes {
            switch node {
            case .text(let s):
                output += s
            case .action(let pipe):
                let v = try evalPipeline(pipe, dot: dot)
                if pipe.declarations.isEmpty { output += try printable(v, pipe) }
            case .ifNode(let pipe, let list, let elseList):
                let mark = vars.count
                let v = try evalPipeline(pipe, dot: dot)
                let flow = v.isTruthy ? try run(list, dot: dot) : try run(elseList ?? [], dot: dot)
                vars.removeLast(vars.count - mark)
                if flow != .normal { return flow }
            case .withNode(let pipe, let list, let elseList):
                let mark = vars.count
                let v = try evalPipeline(pipe, dot: dot)
                let flow = v.isTruthy ? try run(list, dot: v) : try run(elseList ?? [], dot: dot)
                vars.removeLast(vars.count - mark)
                if flow != .normal { return flow }
            case .rangeNode(let pipe, let list, let elseList):
                try range(pipe, list, elseList, dot: dot)
            case .breakNode:
                return .breakLoop
            case .continueNode:
                return .continueLoop
            }
        }
        return .normal
    }

    private func printable(_ v: TemplateValue, _ pipe: TemplatePipe) throws -> String {
        if case .record(let r) = v, let s = r.methods["String"] { return (try s([])).goString }
        return v.goString
    }

    private mutating func range(_ pipe: TemplatePipe, _ list: [TemplateNode], _ elseList: [TemplateNode]?, dot: TemplateValue) throws {
        let mark = vars.count
        defer { vars.removeLast(vars.count - mark) }
        var bare = pipe
        bare.declarations = []
        let value = try evalPipeline(bare, dot: dot)
        var items: [(TemplateValue, TemplateValue)] = []
        switch value {
        case .array(let a): items = a.enumerated().map { (.int(Int64($0.offset)), $0.element) }
        case .map(let m): items = m.keys.sorted().map { (.string($0), m[$0] ?? .null) }
        case .int(let n): items = (0..<max(0, n)).map { (.int($0), .int($0)) }
        case .none, .null: items = []
        default:
            throw failure(at: pipe.pos, node: pipe.commands.map(\.text).joined(separator: " | "), "range can't iterate over \(value.goString)")
        }
        if items.isEmpty {
            _ = try run(elseList ?? [], dot: dot)
            return
        }
        for (key, element) in items {
            let inner = vars.count
            if pipe.declarations.count == 1 {
                vars.append((pipe.declarations[0], element))
            } else if pipe.declarations.count == 2 {
                vars.append((pipe.declarations[0], key))
                vars.append((pipe.declarations[1], element))
            }
            let flow = try run(list, dot: element)
            vars.removeLast(vars.count - inner)
            if flow == .breakLoop { break }
        }
    }

    private mutating func evalPipeline(_ pipe: TemplatePipe, dot: TemplateValue) throws -> TemplateValue {
        var value: TemplateValue?
        for cmd in pipe.commands {
            value = try evalCommand(cmd, dot: dot, final: value)
        }
        let result = value ?? .none
        for v in pipe.declarations {
            if pipe.isAssign, let i = vars.lastIndex(where: { $0.0 == v }) {
                vars[i].1 = result
            } else {
                vars.append((v, result))
            }
        }
        return result
    }

    private mutating func evalCommand(_ cmd: TemplatePipe.Command, dot: TemplateValue, final: TemplateValue?) throws -> TemplateValue {
        guard let first = cmd.args.first else { return .none }
        let rest = Array(cmd.args.dropFirst())
        switch first {
        case .field(let pos, let names):
            return try evalFields(dot, names, args: rest, final: final, pos: pos, node: first.text, dot: dot)
        case .chain(let pos, let node, let names):
            let base = try evalArg(node, dot: dot)
            return try evalFields(base, names, args: rest, final: final, pos: pos, node: first.text, dot: dot)
        case .variable(let pos, let name, let names):
            let base = try variable(name, pos: pos)
            if names.isEmpty {
                guard rest.isEmpty, final == nil else { throw failure(at: pos, node: first.text, "can't give argument to non-function \(first.text)") }
                return base
            }
            return try evalFields(base, names, args: rest, final: final, pos: pos, node: first.text, dot: dot)
        case .identifier(let pos, let fn):
            return try call(fn, args: rest, final: final, pos: pos, cmd: cmd, dot: dot)
        case .pipe(let pos, let p):
            guard rest.isEmpty, final == nil else { throw failure(at: pos, node: first.text, "can't give argument to non-function \(first.text)") }
            return try evalPipeline(p, dot: dot)
        case .nilValue(let pos):
            throw failure(at: pos, node: "nil", "nil is not a command")
        case .dot(let pos), .literal(let pos, _, _):
            guard rest.isEmpty, final == nil else { throw failure(at: pos, node: first.text, "can't give argument to non-function \(first.text)") }
            return try evalArg(first, dot: dot)
        }
    }

    private func variable(_ name: String, pos: Int) throws -> TemplateValue {
        if name == "$" { return vars.first?.1 ?? .none }
        guard let v = vars.last(where: { $0.0 == name }) else { throw failure(at: pos, node: name, "undefined variable: \(name)") }
        return v.1
    }

    private mutating func evalArg(_ node: TemplateOperand, dot: TemplateValue) throws -> TemplateValue {
        switch node {
        case .field(let pos, let names): return try evalFields(dot, names, args: [], final: nil, pos: pos, node: node.text, dot: dot)
        case .variable(let pos, let name, let names):
            let base = try variable(name, pos: pos)
            return names.isEmpty ? base : try evalFields(base, names, args: [], final: nil, pos: pos, node: node.text, dot: dot)
        case .chain(let pos, let inner, let names):
            return try evalFields(try evalArg(inner, dot: dot), names, args: [], final: nil, pos: pos, node: node.text, dot: dot)
        case .dot: return dot
        case .nilValue: return .null
        case .literal(_, let v, _): return v
        case .identifier(let pos, let fn):
            return try call(fn, args: [], final: nil, pos: pos, cmd: TemplatePipe.Command(pos: pos, text: fn, args: [node]), dot: dot)
        case .pipe(_, let p): return try evalPipeline(p, dot: dot)
        }
    }

    private mutating func evalFields(_ receiver: TemplateValue, _ names: [String], args: [TemplateOperand], final: TemplateValue?,
                                     pos: Int, node: String, dot: TemplateValue) throws -> TemplateValue {
        var current = receiver
        for (i, name) in names.enumerated() {
            let last = i == names.count - 1
            let hasArgs = last && (!args.isEmpty || final != nil)
            switch current {
            case .record(let r):
                if let method = r.methods[name] {
                    var argv: [TemplateValue] = []
                    if last {
                        for a in args { argv.append(try evalArg(a, dot: dot)) }
                        if let final { argv.append(final) }
                    }
                    do { current = try method(argv) } catch let e as TemplateFunctions.CallError {
                        throw failure(at: pos, node: node, "error calling \(name): \(e.message)")
                    } catch let e as TemplateFunctions.ArgumentError {
                        throw failure(at: pos, node: node, e.message)
                    }
                } else if let v = r.fields[name] ?? r.missingFieldValue {
                    guard !hasArgs else { throw failure(at: pos, node: node, "\(name) has arguments but cannot be invoked as function") }
                    current = v
                } else {
                    throw failure(at: pos, node: node, "can't evaluate field \(name) in type \(r.typeName)")
                }
            case .map(let m):
                guard !hasArgs else { throw failure(at: pos, node: node, "\(name) is not a method but has arguments") }
                if let v = m[name] {
                    current = v
                } else if strictMissingKeys && !(m.values.allSatisfy { if case .string = $0 { return true } else { return false } }) {
                    throw failure(at: pos, node: node, "map has no entry for key \(GoFormat.quote(name))")
                } else {
                    current = Self.zeroValue(in: m)
                }
            case .none, .null:
                if strictMissingKeys { throw failure(at: pos, node: node, "nil data; no entry for key \(GoFormat.quote(name))") }
                current = .none
            default:
                throw failure(at: pos, node: node, "can't evaluate field \(name) in type \(current.goTypeName)")
            }
        }
        return current
    }

    private mutating func call(_ fn: String, args: [TemplateOperand], final: TemplateValue?, pos: Int,
                               cmd: TemplatePipe.Command, dot: TemplateValue) throws -> TemplateValue {
        if TemplateFunctions.specialForms.contains(fn) {
            // and/or short-circuit and return the deciding operand itself, as Go 1.18+ does.
            var operands: [Any] = args
            if let final { operands.append(final) }
            guard !operands.isEmpty else { throw failure(at: pos, node: fn, "wrong number of args for \(fn): want at least 1 got 0") }
            var value: TemplateValue = .none
            for o in operands {
                if let node = o as? TemplateOperand { value = try evalArg(node, dot: dot) } else if let v = o as? TemplateValue { value = v }
                if fn == "and" && !value.isTruthy { return value }
                if fn == "or" && value.isTruthy { return value }
            }
            return value
        }
        guard let function = functions[fn] else { throw failure(at: pos, node: fn, "\(GoFormat.quote(fn)) is not a defined function") }
        var argv: [TemplateValue] = []
        for a in args { argv.append(try evalArg(a, dot: dot)) }
        if let final { argv.append(final) }
        do {
            return try function(argv)
        } catch let e as TemplateFunctions.CallError {
            throw failure(at: cmd.pos, node: cmd.text, "error calling \(fn): \(e.message)")
        } catch let e as TemplateFunctions.ArgumentError {
            throw failure(at: pos, node: fn, e.message)
        }
    }
}
