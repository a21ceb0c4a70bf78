import BerthCore
import FoundationEssentials

/// Small JSON values (labels, descriptors) stored as TEXT columns: read and written whole, filtered in
/// Swift, so side tables would buy nothing.
enum JSONColumn {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, what: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw BerthError(.invalidConfig, "\(what): stored value is not valid json", cause: "\(error)")
        }
    }

    static func labels(_ text: String, what: String) throws -> [String: String] {
        text.isEmpty ? [:] : try decode([String: String].self, text, what: what)
    }
}

/// containerd's field-path updates of a label map: `labels` replaces all, `labels.<key>` sets one key
/// or, when the key is absent from the new labels, removes it.
enum LabelFieldPath {
    /// Returns false when `path` is not a labels path.
    static func apply(_ path: String, prefix: String = "labels", from new: [String: String], to labels: inout [String: String]) -> Bool {
        if path == prefix {
            labels = new
            return true
        }
        guard path.hasPrefix(prefix + ".") else { return false }
        let key = String(path.dropFirst(prefix.count + 1))
        labels[key] = new[key]
        return true
    }
}
