/// The field names of the request models, for Go's case-insensitive key matching: an exact name is
/// kept; a name that matches exactly one known field when lower-cased becomes that field; an ambiguous
/// one (were `Id` and `ID` both request fields) is kept as sent, so nothing is guessed.
struct FieldNameTable: Sendable {
    static let shared = FieldNameTable(names: EngineModelRegistry.requestFieldNames)

    private let exact: Set<String>
    private let folded: [String: String]

    init(names: [String]) {
        exact = Set(names)
        var candidates: [String: Set<String>] = [:]
        for name in exact { candidates[name.lowercased(), default: []].insert(name) }
        var folded: [String: String] = [:]
        for (lower, names) in candidates where names.count == 1 {
            if let only = names.first { folded[lower] = only }
        }
        self.folded = folded
    }

    func canonical(_ key: String) -> String {
        if exact.contains(key) { return key }
        return folded[key.lowercased()] ?? key
    }
}
