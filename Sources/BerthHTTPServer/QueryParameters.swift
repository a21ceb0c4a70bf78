import FoundationEssentials

/// The query string of a request, decoded, in order, with repeated keys kept (`?names=a&names=b`).
/// Typed accessors follow dockerd's helpers, so clients that send `True`, `1` or `true` all work.
public struct QueryParameters: Sendable, Equatable {
    public private(set) var pairs: [(name: String, value: String)]

    public init(_ pairs: [(String, String)] = []) {
        self.pairs = pairs.map { (name: $0.0, value: $0.1) }
    }

    /// Parses `a=1&b=x%2Fy&c` (a key without `=` has the value "").
    public init(parsing query: Substring) {
        var pairs: [(String, String)] = []
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            if let equals = item.firstIndex(of: "=") {
                pairs.append((PercentDecoding.decode(item[..<equals], plusAsSpace: true),
                              PercentDecoding.decode(item[item.index(after: equals)...], plusAsSpace: true)))
            } else {
                pairs.append((PercentDecoding.decode(item, plusAsSpace: true), ""))
            }
        }
        self.init(pairs)
    }

    /// The first value of `name`, as Go's `r.Form.Get`.
    public subscript(name: String) -> String? { pairs.first { $0.name == name }?.value }

    public func values(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Go's `httputils.BoolValue`: false iff the value, trimmed and lower-cased, is "", 0, no, false or
    /// none (docker-py sends `True`/`False`, the CLI `1`/`true`).
    public func bool(_ name: String) -> Bool {
        let value = (self[name] ?? "").trimmingCharacters(in: " \t\r\n").lowercased()
        return !["", "0", "no", "false", "none"].contains(value)
    }

    /// `bool(name)`, or `defaultValue` when the parameter is absent (`pause` on commit defaults to true).
    public func bool(_ name: String, default defaultValue: Bool) -> Bool {
        contains(name) ? bool(name) : defaultValue
    }

    /// An integer parameter; absent or empty gives nil, anything else unparsable is a 400.
    public func int(_ name: String) throws -> Int? {
        guard let text = self[name], !text.isEmpty else { return nil }
        guard let value = Int(text.trimmingCharacters(in: " ")) else {
            throw HTTPError(.badRequest, "invalid value for \(name): \(text)")
        }
        return value
    }

    /// The `filters` parameter as a map of lists. Accepts both shapes clients send: the CLI's map of sets
    /// `{"label":{"a=1":true}}` and docker-py's map of lists `{"label":["a=1"]}`. Absent or empty: [:].
    public func filters(_ name: String = "filters") throws -> [String: [String]] {
        guard let text = self[name], !text.isEmpty else { return [:] }
        let invalid = HTTPError(.badRequest, "invalid filter: \(text)")
        guard let object = try? JSONSerializationLite.parseObject(text) else { throw invalid }
        var filters: [String: [String]] = [:]
        for (key, value) in object {
            switch value {
            case .strings(let list): filters[key] = list
            case .set(let set): filters[key] = set.filter(\.value).map(\.key).sorted()
            }
        }
        return filters
    }

    public static func == (lhs: QueryParameters, rhs: QueryParameters) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.name == $1.name && $0.value == $1.value }
    }
}

/// The two JSON shapes of a filter value, decoded with JSONDecoder (no dependency on the API models).
enum JSONSerializationLite {
    enum FilterValue: Decodable {
        case strings([String])
        case set([String: Bool])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let list = try? container.decode([String].self) {
                self = .strings(list)
            } else {
                self = .set(try container.decode([String: Bool].self))
            }
        }
    }

    static func parseObject(_ text: String) throws -> [String: FilterValue] {
        try JSONDecoder().decode([String: FilterValue].self, from: Data(text.utf8))
    }
}
