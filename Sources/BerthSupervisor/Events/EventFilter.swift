import BerthCore
import FoundationEssentials

/// containerd's filter syntax, for events and list calls: a filter string is a comma-separated AND of
/// `field==value`, `field!=value`, `field~=regex-ish` (substring or ^prefix / suffix$ anchors) or a bare
/// `field` (present and non-empty); several filter strings are ORed. Values may be double-quoted, and
/// field paths may quote a label key: `labels."com.example/x"==y`.
public struct EventFilter: Sendable {
    enum Op: Sendable { case equal, notEqual, matches, present }

    struct Clause: Sendable {
        var field: String
        var op: Op
        var value: String
    }

    private let alternatives: [[Clause]]

    public init(_ filters: [String]) throws {
        alternatives = try filters.filter { !$0.isEmpty }.map(Self.parse)
    }

    public var isEmpty: Bool { alternatives.isEmpty }

    /// `lookup` resolves a field path ("topic", "namespace", "event.container_id", "labels.k") to its value.
    public func matches(_ lookup: (String) -> String?) -> Bool {
        if alternatives.isEmpty { return true }
        return alternatives.contains { clauses in clauses.allSatisfy { Self.evaluate($0, lookup($0.field)) } }
    }

    static func evaluate(_ clause: Clause, _ value: String?) -> Bool {
        switch clause.op {
        case .present: return !(value ?? "").isEmpty
        case .equal: return value == clause.value
        case .notEqual: return value != clause.value
        case .matches:
            guard let value else { return false }
            var pattern = Substring(clause.value)
            let anchoredStart = pattern.hasPrefix("^")
            let anchoredEnd = pattern.hasSuffix("$") && pattern.count > (anchoredStart ? 1 : 0)
            if anchoredStart { pattern = pattern.dropFirst() }
            if anchoredEnd { pattern = pattern.dropLast() }
            switch (anchoredStart, anchoredEnd) {
            case (true, true): return value == pattern
            case (true, false): return value.hasPrefix(pattern)
            case (false, true): return value.hasSuffix(pattern)
            case (false, false): return pattern.isEmpty || value.contains(pattern)
            }
        }
    }

    static func parse(_ text: String) throws -> [Clause] {
        var clauses: [Clause] = []
        var chars = Array(text)
        var i = 0
        func fail(_ why: String) -> BerthError {
            BerthError(.invalidArgument, "invalid filter \"\(text)\": \(why)")
        }
        // Reads a field path or a value, honouring double quotes; stops at an operator or a comma.
        func token(stopAtOperator: Bool) throws -> String {
            var out = ""
            while i < chars.count {
                let c = chars[i]
                if c == "\"" {
                    i += 1
                    while i < chars.count, chars[i] != "\"" {
                        if chars[i] == "\\", i + 1 < chars.count { i += 1 }
                        out.append(chars[i]); i += 1
                    }
                    guard i < chars.count else { throw fail("unterminated quote") }
                    i += 1
                    continue
                }
                if c == "," { break }
                if stopAtOperator, c == "=" || c == "!" || c == "~" { break }
                out.append(c); i += 1
            }
            return out.trimmingCharacters(in: .whitespaces)
        }
        chars = Array(text)
        while i < chars.count {
            let field = try token(stopAtOperator: true)
            guard !field.isEmpty else { throw fail("missing field name") }
            var op = Op.present
            if i + 1 < chars.count, chars[i + 1] == "=" {
                switch chars[i] {
                case "=": op = .equal
                case "!": op = .notEqual
                case "~": op = .matches
                default: throw fail("unknown operator")
                }
                i += 2
            } else if i < chars.count, chars[i] != "," {
                throw fail("expected ==, != or ~= after \"\(field)\"")
            }
            let value = op == .present ? "" : try token(stopAtOperator: false)
            // Field paths may quote segments: labels."a.b" → labels.a.b.
            clauses.append(Clause(field: field.replacingOccurrences(of: "\"", with: ""), op: op, value: value))
            if i < chars.count, chars[i] == "," { i += 1 }
        }
        return clauses
    }
}
