import FoundationEssentials

/// Request JSON to values, with decoding errors turned into a 400 that names the field path.
enum JSONBodyDecoding {
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], using decoder: JSONDecoder) throws -> T {
        do {
            return try decoder.decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw HTTPError(.badRequest, describe(error))
        } catch let error as HTTPError {
            throw error
        } catch {
            throw HTTPError(mapping: error)
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, let context):
            return "\(fieldPath(context.codingPath)): expected \(typeName(type))"
        case .valueNotFound(let type, let context):
            return "\(fieldPath(context.codingPath)): missing value, expected \(typeName(type))"
        case .keyNotFound(let key, let context):
            return "\(fieldPath(context.codingPath + [key])): required field is missing"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "invalid JSON: \(context.debugDescription)" }
            return "\(fieldPath(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "invalid JSON: \(error)"
        }
    }

    static func fieldPath(_ path: [any CodingKey]) -> String {
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

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type, is Int8.Type, is Int16.Type, is Int32.Type, is Int64.Type,
             is UInt.Type, is UInt8.Type, is UInt16.Type, is UInt32.Type, is UInt64.Type,
             is Double.Type, is Float.Type:
            return "a number"
        default:
            let name = "\(type)"
            return name.hasPrefix("Array") || name.hasPrefix("[") ? "an array" : "an object"
        }
    }
}
