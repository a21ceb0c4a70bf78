import BerthCore
import FoundationEssentials

/// Labels are stored as one JSON object per row: they are read and written whole, and filtering
/// happens in Swift through `Filters`, so a side table would buy nothing.
enum LabelsColumn {
    static func encode(_ labels: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(labels), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> [String: String] {
        guard !text.isEmpty else { return [:] }
        do {
            return try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
        } catch {
            throw BerthError(.invalidConfig, "stored labels are not a json object of strings", cause: "\(error)")
        }
    }
}
