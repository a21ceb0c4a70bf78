/// `-f key=value` flags → the `filters` query parameter docker sends: `{"key":{"value":true}}`
/// (a map of sets, keys sorted like Go's json.Marshal).
public struct FilterOptions: Sendable {
    public private(set) var values: [String: [String]] = [:]

    public init() {}

    public init(parsing flags: [String]) throws {
        for f in flags {
            guard let eq = f.firstIndex(of: "=") else {
                throw CLIError.message("bad format of filter (expected name=value)", status: 125)
            }
            let key = f[..<eq].trimmingCharacters()
            let value = f[f.index(after: eq)...].trimmingCharacters()
            add(key.lowercased(), value)
        }
    }

    public mutating func add(_ key: String, _ value: String) {
        if values[key]?.contains(value) == true { return }
        values[key, default: []].append(value)
    }

    public var isEmpty: Bool { values.isEmpty }

    public func get(_ key: String) -> [String] { values[key] ?? [] }

    public var json: String {
        GoJSON.encode(.map(values.mapValues { vs in .map(Dictionary(vs.map { ($0, TemplateValue.bool(true)) }, uniquingKeysWith: { a, _ in a })) }),
                      escapeHTML: true)
    }
}

extension Substring {
    func trimmingCharacters() -> String {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
