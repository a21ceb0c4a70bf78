/// A Go struct as the template sees it: ordered fields (printing `{a b}` and json follow this order) and
/// methods that take arguments (`{{.Label "com.example"}}`). Docker's formatter contexts are structs
/// with methods, so command output contexts are built as records.
public struct TemplateRecord {
    public typealias Method = ([TemplateValue]) throws -> TemplateValue

    /// Shown in errors: `can't evaluate field Foo in type *formatter.ContainerContext`.
    public var typeName: String
    public private(set) var fieldNames: [String] = []
    public private(set) var fields: [String: TemplateValue] = [:]
    public private(set) var methods: [String: Method] = [:]
    /// Set for Go map types with methods: a missing field reads as this instead of failing.
    public var missingFieldValue: TemplateValue?
    /// Formatter contexts marshal themselves with json.Marshal, which escapes <, > and & even inside
    /// docker's non-escaping `json` function.
    public var marshalEscapesHTML = false

    public init(typeName: String) {
        self.typeName = typeName
    }

    public init(typeName: String, fields: [(String, TemplateValue)]) {
        self.typeName = typeName
        for (k, v) in fields { set(k, v) }
    }

    public mutating func set(_ name: String, _ value: TemplateValue) {
        if fields[name] == nil { fieldNames.append(name) }
        fields[name] = value
    }

    public mutating func method(_ name: String, _ body: @escaping Method) {
        methods[name] = body
    }

    public subscript(name: String) -> TemplateValue? { fields[name] }
}
