import BerthCore
import FoundationEssentials

/// JSON in and out of the Engine API with Go's encoding/json semantics where clients depend on them:
/// keys match case-insensitively when no exact match exists (docker-py sends `detachKeys`, the CLI
/// `DetachKeys`), unknown fields are ignored, and decoding errors name the field path
/// (`HostConfig.Memory: expected a number`).
public enum EngineJSON {
    /// Decodes `T`; a failure is a `BerthError(.invalidArgument)` whose message names the field at fault.
    /// Request bodies (`EngineRequestBody`) match keys case-insensitively as dockerd does; answers are
    /// decoded with dockerd's exact names.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        let decoder = type is any EngineRequestBody.Type ? makeRequestDecoder() : JSONDecoder()
        do {
            return try decoder.decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw BerthError(.invalidArgument, describe(error))
        }
    }

    /// Encodes `value` compactly, keys sorted (JSONEncoder keeps no field order, and sorted output is
    /// deterministic; clients do not depend on order), `/` unescaped as dockerd writes it.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        Array(try makeEncoder().encode(value))
    }

    /// Encodes `value` followed by `\n`: dockerd writes every JSON body and stream message that way.
    public static func encodeLine<T: Encodable>(_ value: T) throws -> [UInt8] {
        var bytes = try encode(value)
        bytes.append(0x0A)
        return bytes
    }

    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A decoder for request bodies with Go's case-insensitive field matching (pass it to the HTTP
    /// layer's `decodeJSON(_:using:)`). JSONDecoder never passes dictionary keys (labels, ports) through
    /// a key strategy, so only struct fields are folded. Folding targets the request models' field
    /// names only: answers use other spellings of the same words (`entrypoint` in exec inspect).
    public static func makeRequestDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in
            guard let last = path.last else { return FieldKey(stringValue: "") }
            return FieldKey(stringValue: FieldNameTable.shared.canonical(last.stringValue))
        }
        return decoder
    }

    /// `HostConfig.Memory`, `Mounts[0].Type`; `(document)` for the top level.
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

    public static func describe(_ error: DecodingError) -> String {
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
            if name.hasPrefix("Array") || name.hasPrefix("[") { return "an array" }
            return "an object"
        }
    }

    struct FieldKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
