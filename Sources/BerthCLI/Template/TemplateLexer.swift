/// Go text/template's lexer over UTF-8 bytes: text, `{{ }}` actions with `{{-`/`-}}` trim markers,
/// `/* */` comments, and the operand syntax (fields, variables, literals, pipes, parentheses).
struct TemplateLexer {
    let src: [UInt8]
    let name: String
    var index = 0
    var tokens: [TemplateToken] = []
    var parenDepth = 0

    init(_ text: String, name: String) {
        src = Array(text.utf8)
        self.name = name
    }

    func lineOf(_ pos: Int) -> Int {
        1 + src[0..<min(pos, src.count)].filter { $0 == 0x0A }.count
    }

    func error(_ msg: String, at pos: Int) -> TemplateError {
        TemplateError("template: \(name):\(lineOf(pos)): \(msg)", isParseError: true)
    }

    private func text(_ from: Int, _ to: Int) -> String {
        String(decoding: src[from..<to], as: UTF8.self)
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
    private static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c >= 0x80
    }

    private func hasPrefix(_ s: String, at i: Int) -> Bool {
        let p = Array(s.utf8)
        return i + p.count <= src.count && Array(src[i..<(i + p.count)]) == p
    }

    /// `{{- ` needs whitespace after the dash; ` -}}` needs it before.
    private func leftTrim(at i: Int) -> Bool {
        hasPrefix("{{-", at: i) && i + 3 < src.count && Self.isSpace(src[i + 3])
    }

    private func rightTrim(at i: Int) -> Bool {
        Self.isSpace(src[i]) && hasPrefix("-}}", at: i + 1)
    }

    mutating func lex() throws -> [TemplateToken] {
        var textStart = 0
        var trimNextText = false
        while index < src.count {
            guard hasPrefix("{{", at: index) else { index += 1; continue }
            let trimLeft = leftTrim(at: index)
            var end = index
            if trimLeft { while end > textStart, Self.isSpace(src[end - 1]) { end -= 1 } }
            emitText(textStart, end, trimLeading: trimNextText)
            trimNextText = false
            let delimPos = index
            index += trimLeft ? 3 : 2
            // Comments: {{/* ... */}} with optional trim markers.
            var probe = index
            while probe < src.count, Self.isSpace(src[probe]) { probe += 1 }
            if hasPrefix("/*", at: probe) && (trimLeft || probe == index) {
                guard let close = findCommentEnd(from: probe + 2) else { throw error("unclosed comment", at: delimPos) }
                var after = close + 2
                if after < src.count, rightTrim(at: after) { after += 4; trimNextText = true }
                else if hasPrefix("}}", at: after) { after += 2 }
                else { throw error("comment ends before closing delimiter", at: delimPos) }
                index = after
                textStart = index
                continue
            }
            tokens.append(TemplateToken(kind: .leftDelim, pos: delimPos, text: "{{"))
            trimNextText = try lexInsideAction(delimPos: delimPos)
            textStart = index
        }
        emitText(textStart, src.count, trimLeading: trimNextText)
        tokens.append(TemplateToken(kind: .eof, pos: src.count, text: ""))
        return tokens
    }

    private func findCommentEnd(from: Int) -> Int? {
        var i = from
        while i + 1 < src.count {
            if src[i] == 0x2A && src[i + 1] == 0x2F { return i }
            i += 1
        }
        return nil
    }

    private mutating func emitText(_ from: Int, _ to: Int, trimLeading: Bool) {
        var start = from
        if trimLeading { while start < to, Self.isSpace(src[start]) { start += 1 } }
        guard start < to else { return }
        tokens.append(TemplateToken(kind: .text(text(start, to)), pos: start, text: text(start, to)))
    }

    /// Lexes one action body; returns whether it ended with a right trim marker.
    private mutating func lexInsideAction(delimPos: Int) throws -> Bool {
        parenDepth = 0
        while true {
            guard index < src.count else { throw error("unclosed action", at: delimPos) }
            if rightTrim(at: index) {
                guard parenDepth == 0 else { throw error("unclosed left paren", at: index) }
                tokens.append(TemplateToken(kind: .rightDelim, pos: index + 1, text: "}}"))
                index += 4
                return true
            }
            if hasPrefix("}}", at: index) {
                guard parenDepth == 0 else { throw error("unclosed left paren", at: index) }
                tokens.append(TemplateToken(kind: .rightDelim, pos: index, text: "}}"))
                index += 2
                return false
            }
            let c = src[index]
            let start = index
            switch c {
            case _ where Self.isSpace(c):
                while index < src.count, Self.isSpace(src[index]), !rightTrim(at: index) { index += 1 }
                if index == start { index += 1 }
                tokens.append(TemplateToken(kind: .space, pos: start, text: " "))
            case 0x7C: index += 1; tokens.append(TemplateToken(kind: .pipe, pos: start, text: "|"))
            case 0x28:
                index += 1; parenDepth += 1
                tokens.append(TemplateToken(kind: .leftParen, pos: start, text: "("))
            case 0x29:
                index += 1; parenDepth -= 1
                guard parenDepth >= 0 else { throw error("unexpected right paren", at: start) }
                tokens.append(TemplateToken(kind: .rightParen, pos: start, text: ")"))
            case 0x2C: index += 1; tokens.append(TemplateToken(kind: .comma, pos: start, text: ","))
            case 0x3A:
                guard index + 1 < src.count, src[index + 1] == 0x3D else { throw error("expected :=", at: start) }
                index += 2
                tokens.append(TemplateToken(kind: .declare, pos: start, text: ":="))
            case 0x3D: index += 1; tokens.append(TemplateToken(kind: .assign, pos: start, text: "="))
            case 0x22: try lexQuote(start)
            case 0x60:
                index += 1
                while index < src.count, src[index] != 0x60 { index += 1 }
                guard index < src.count else { throw error("unterminated raw quoted string", at: start) }
                index += 1
                let body = text(start + 1, index - 1)
                tokens.append(TemplateToken(kind: .string(body), pos: start, text: text(start, index)))
            case 0x27: try lexChar(start)
            case 0x24:
                index += 1
                while index < src.count, Self.isAlnum(src[index]) { index += 1 }
                tokens.append(TemplateToken(kind: .variable(text(start, index)), pos: start, text: text(start, index)))
            case 0x2E:
                // A field (.Name), a number (.5) or the dot itself.
                if index + 1 < src.count, src[index + 1] >= 0x30, src[index + 1] <= 0x39 {
                    try lexNumber(start)
                } else if index + 1 < src.count, Self.isAlnum(src[index + 1]) {
                    index += 1
                    while index < src.count, Self.isAlnum(src[index]) { index += 1 }
                    tokens.append(TemplateToken(kind: .field(text(start + 1, index)), pos: start, text: text(start, index)))
                } else {
                    index += 1
                    tokens.append(TemplateToken(kind: .dot, pos: start, text: "."))
                }
            case 0x2B, 0x2D, 0x30...0x39:
                try lexNumber(start)
            default:
                guard Self.isAlnum(c) else {
                    var hex = String(c, radix: 16, uppercase: true)
                    while hex.count < 4 { hex = "0" + hex }
                    throw error("unrecognized character in action: U+\(hex) \(GoFormat.quoteRune(Int64(c)))", at: start)
                }
                while index < src.count, Self.isAlnum(src[index]) { index += 1 }
                let word = text(start, index)
                let kind: TemplateToken.Kind
                switch word {
                case "true": kind = .bool(true)
                case "false": kind = .bool(false)
                case "nil": kind = .nilValue
                case "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue":
                    kind = .keyword(word)
                default: kind = .identifier(word)
                }
                tokens.append(TemplateToken(kind: kind, pos: start, text: word))
            }
        }
    }

    private mutating func lexNumber(_ start: Int) throws {
        index += 1
        while index < src.count, Self.isAlnum(src[index]) || src[index] == 0x2E
            || ((src[index] == 0x2B || src[index] == 0x2D) && (src[index - 1] == 0x65 || src[index - 1] == 0x45 || src[index - 1] == 0x70)) {
            index += 1
        }
        let t = text(start, index)
        guard Self.parseNumber(t) != nil else { throw error("bad number syntax: \(GoFormat.quote(t))", at: start) }
        tokens.append(TemplateToken(kind: .number(t), pos: start, text: t))
    }

    /// The value of a number literal: an int when it reads as one, else a float (Go's idealConstant).
    static func parseNumber(_ t: String) -> TemplateValue? {
        var s = Substring(t)
        var negative = false
        if s.hasPrefix("+") { s = s.dropFirst() } else if s.hasPrefix("-") { negative = true; s = s.dropFirst() }
        let clean = s.replacingUnderscores()
        if clean.hasPrefix("0x") || clean.hasPrefix("0X"), let v = Int64(clean.dropFirst(2), radix: 16) { return .int(negative ? -v : v) }
        if clean.hasPrefix("0o") || clean.hasPrefix("0O"), let v = Int64(clean.dropFirst(2), radix: 8) { return .int(negative ? -v : v) }
        if clean.hasPrefix("0b") || clean.hasPrefix("0B"), let v = Int64(clean.dropFirst(2), radix: 2) { return .int(negative ? -v : v) }
        if let v = Int64(clean) {
            // Go reads a leading 0 as octal.
            if clean.count > 1, clean.hasPrefix("0"), let o = Int64(clean.dropFirst(), radix: 8) { return .int(negative ? -o : o) }
            return .int(negative ? -v : v)
        }
        guard let f = Double(clean), clean.first?.isNumber == true || clean.first == "." else { return nil }
        return .float(negative ? -f : f)
    }

    private mutating func lexQuote(_ start: Int) throws {
        index += 1
        var bytes: [UInt8] = []
        while true {
            guard index < src.count, src[index] != 0x0A else { throw error("unterminated quoted string", at: start) }
            let c = src[index]
            index += 1
            if c == 0x22 { break }
            if c != 0x5C { bytes.append(c); continue }
            guard index < src.count else { throw error("unterminated quoted string", at: start) }
            let e = src[index]
            index += 1
            switch e {
            case 0x6E: bytes.append(0x0A)
            case 0x74: bytes.append(0x09)
            case 0x72: bytes.append(0x0D)
            case 0x61: bytes.append(0x07)
            case 0x62: bytes.append(0x08)
            case 0x66: bytes.append(0x0C)
            case 0x76: bytes.append(0x0B)
            case 0x5C, 0x22, 0x27: bytes.append(e)
            case 0x78:
                guard index + 2 <= src.count, let v = UInt8(text(index, index + 2), radix: 16) else { throw error("bad escape", at: start) }
                bytes.append(v); index += 2
            case 0x75, 0x55:
                let n = e == 0x75 ? 4 : 8
                guard index + n <= src.count, let v = UInt32(text(index, index + n), radix: 16), let scalar = Unicode.Scalar(v) else {
                    throw error("bad escape", at: start)
                }
                bytes.append(contentsOf: Array(String(Character(scalar)).utf8)); index += n
            case 0x30...0x37:
                guard index + 2 <= src.count, let v = UInt8(text(index - 1, index + 2), radix: 8) else { throw error("bad escape", at: start) }
                bytes.append(v); index += 2
            default: throw error("unknown escape sequence", at: start)
            }
        }
        tokens.append(TemplateToken(kind: .string(String(decoding: bytes, as: UTF8.self)), pos: start, text: text(start, index)))
    }

    private mutating func lexChar(_ start: Int) throws {
        index += 1
        var scalarText = ""
        while index < src.count, src[index] != 0x27 {
            if src[index] == 0x5C { index += 1 }
            guard index < src.count else { break }
            scalarText += text(index, index + 1)
            index += 1
        }
        guard index < src.count else { throw error("unterminated character constant", at: start) }
        index += 1
        let value: Int64
        switch scalarText {
        case "n": value = 10
        case "t": value = 9
        default: value = Int64(scalarText.unicodeScalars.first?.value ?? 0)
        }
        tokens.append(TemplateToken(kind: .char(value), pos: start, text: text(start, index)))
    }
}

private extension Substring {
    func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
