import BerthCore

/// containerd's list filter syntax, shared by the snapshot, image, container, content and lease
/// listings: `selector[op value]` clauses joined by `,` (AND), several filter strings ORed.
/// A selector is a dotted field path whose parts may be quoted (`labels."a.b/c"`); operators are
/// `==`, `!=` and `~=` (regular expression); a bare selector tests that the field is present.
public struct Filters: Sendable {
    public enum Operator: String, Sendable {
        case present, equal = "==", notEqual = "!=", matches = "~="
    }

    public struct Clause: Sendable, Equatable {
        public var fieldPath: [String]
        public var op: Operator
        public var value: String
    }

    /// Outer array: alternatives (OR); inner: clauses (AND).
    public let alternatives: [[Clause]]

    /// No filter strings match everything.
    public init(_ filters: [String]) throws {
        alternatives = try filters.filter { !$0.isEmpty }.map { try Self.parse($0) }
    }

    public var isEmpty: Bool { alternatives.isEmpty }

    /// `lookup` returns a field's value, or nil when the object has no such field.
    public func matches(_ lookup: ([String]) -> String?) -> Bool {
        if alternatives.isEmpty { return true }
        return alternatives.contains { clauses in clauses.allSatisfy { Self.evaluate($0, lookup) } }
    }

    static func evaluate(_ clause: Clause, _ lookup: ([String]) -> String?) -> Bool {
        let value = lookup(clause.fieldPath)
        switch clause.op {
        case .present: return value != nil
        case .equal: return value == clause.value
        case .notEqual: return value != clause.value
        case .matches:
            guard let value, let regex = try? Regex(clause.value) else { return false }
            return value.contains(regex)
        }
    }

    static func parse(_ text: String) throws -> [Clause] {
        var scanner = Scanner(chars: Array(text), text: text)
        var clauses: [Clause] = []
        repeat {
            clauses.append(try scanner.clause())
        } while scanner.consume(",")
        scanner.skipSpace()
        guard scanner.atEnd else { throw scanner.error("unexpected character") }
        return clauses
    }

    struct Scanner {
        let chars: [Character]
        let text: String
        var index = 0

        var atEnd: Bool { index >= chars.count }

        func error(_ why: String) -> BerthError {
            BerthError(.invalidArgument, "invalid filter \"\(text)\": \(why) at offset \(index)")
        }

        mutating func skipSpace() {
            while !atEnd && chars[index] == " " { index += 1 }
        }

        mutating func consume(_ c: Character) -> Bool {
            skipSpace()
            guard !atEnd, chars[index] == c else { return false }
            index += 1
            return true
        }

        mutating func clause() throws -> Clause {
            var path = [try field()]
            while !atEnd && chars[index] == "." {
                index += 1
                path.append(try field())
            }
            skipSpace()
            guard index + 1 < chars.count, chars[index + 1] == "=",
                  let op = Operator(rawValue: String(chars[index...index + 1]))
            else { return Clause(fieldPath: path, op: .present, value: "") }
            index += 2
            skipSpace()
            return Clause(fieldPath: path, op: op, value: try value())
        }

        mutating func field() throws -> String {
            skipSpace()
            if !atEnd && chars[index] == "\"" { return try quoted() }
            let start = index
            while !atEnd, chars[index].isLetter || chars[index].isNumber || chars[index] == "_" || chars[index] == "-" {
                index += 1
            }
            guard index > start else { throw error("expected a field name") }
            return String(chars[start..<index])
        }

        mutating func value() throws -> String {
            if !atEnd && (chars[index] == "\"" || chars[index] == "/") { return try quoted() }
            let start = index
            while !atEnd && chars[index] != "," { index += 1 }
            var end = index
            while end > start && chars[end - 1] == " " { end -= 1 }
            return String(chars[start..<end])
        }

        /// "..." with backslash escapes, or /.../ (containerd's regex quoting, no escapes but `\/`).
        mutating func quoted() throws -> String {
            let quote = chars[index]
            index += 1
            var out = ""
            while !atEnd {
                let c = chars[index]
                index += 1
                if c == quote { return out }
                if c == "\\" && !atEnd {
                    let next = chars[index]
                    index += 1
                    switch next {
                    case "n" where quote == "\"": out.append("\n")
                    case "t" where quote == "\"": out.append("\t")
                    case "/" where quote == "/": out.append("/")
                    default:
                        if quote == "/" { out.append("\\") }
                        out.append(next)
                    }
                } else {
                    out.append(c)
                }
            }
            throw error("unterminated quoted string")
        }
    }
}
