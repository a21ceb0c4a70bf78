/// Go's eq/lt rules for basic kinds. json.Number values (docker decodes with UseNumber) compare as
/// numbers against numeric literals, matching what the typed structs docker tries first would do.
enum TemplateComparison {
    static func incompatible() -> TemplateFunctions.CallError { .init(message: "incompatible types for comparison") }

    static func equal(_ a: TemplateValue, _ b: TemplateValue) throws -> Bool {
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.number(let x), .string(let y)), (.string(let x), .number(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y
        case (.none, .none), (.null, .null), (.none, .null), (.null, .none): return true
        case (.none, _), (.null, _), (_, .none), (_, .null):
            throw TemplateFunctions.CallError(message: "incompatible types for comparison")
        case (.number, _), (_, .number):
            guard let x = a.numericValue, let y = b.numericValue else { throw incompatible() }
            return x == y
        case (.array, _), (.map, _), (.record, _):
            throw TemplateFunctions.CallError(message: "non-comparable type \(a.goTypeName)")
        default:
            throw incompatible()
        }
    }

    static func less(_ a: TemplateValue, _ b: TemplateValue) throws -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x < y
        case (.int(let x), .int(let y)): return x < y
        case (.float(let x), .float(let y)): return x < y
        case (.number, _), (_, .number):
            if case .string(let y) = b, case .number(let x) = a { return x < y }
            guard let x = a.numericValue, let y = b.numericValue else { throw incompatible() }
            return x < y
        case (.bool, _), (.array, _), (.map, _), (.record, _), (.none, _), (.null, _):
            throw TemplateFunctions.CallError(message: "invalid type for comparison")
        default:
            throw incompatible()
        }
    }
}
