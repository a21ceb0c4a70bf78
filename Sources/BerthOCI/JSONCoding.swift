import BerthCore
import FoundationEssentials

/// JSON in and out for OCI documents, with decode errors rewritten to name the field at fault
/// ("config.json: linux.namespaces[1].type: expected a string").
public enum JSONCoding {
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], source: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw BerthError(.invalidConfig, "\(source): \(describe(error))")
        }
    }

    public static func encode<T: Encodable>(_ value: T, pretty: Bool = false) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let compact = Array(try encoder.encode(value))
        return pretty ? JSONPrettyPrinter.indent(compact) : compact
    }

    public static func fieldPath(_ path: [any CodingKey]) -> String {
        var out = ""
        for key in path {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                if !out.isEmpty { out += "." }
                out += key.stringValue
            }
        }
        return out.isEmpty ? "(document)" : out
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, let ctx):
            return "\(fieldPath(ctx.codingPath)): expected \(typeName(type))"
        case .valueNotFound(let type, let ctx):
            return "\(fieldPath(ctx.codingPath)): missing value, expected \(typeName(type))"
        case .keyNotFound(let key, let ctx):
            return "\(fieldPath(ctx.codingPath + [key])): required field is missing"
        case .dataCorrupted(let ctx):
            if ctx.codingPath.isEmpty { return "malformed JSON: \(ctx.debugDescription)" }
            return "\(fieldPath(ctx.codingPath)): \(ctx.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type, is Int32.Type, is Int64.Type, is UInt.Type, is UInt16.Type, is UInt32.Type, is UInt64.Type:
            return "an integer"
        case is [Any].Type: return "an array"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "an object"
        }
    }
}
