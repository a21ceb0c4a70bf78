import BerthEngineAPI
import FoundationEssentials

/// Compares JSON documents by value (key order and whitespace aside).
func jsonValue(_ bytes: [UInt8]) throws -> JSONAny {
    try JSONDecoder().decode(JSONAny.self, from: Data(bytes))
}

func jsonValue(_ text: String) throws -> JSONAny {
    try jsonValue(Array(text.utf8))
}

func encodedString<T: Encodable>(_ value: T) throws -> String {
    String(decoding: try EngineJSON.encode(value), as: UTF8.self)
}

func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
    try EngineJSON.decode(type, from: Array(text.utf8))
}
