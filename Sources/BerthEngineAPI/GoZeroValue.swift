/// A struct Go embeds by value (`LogConfig`, `RestartPolicy`, `GraphDriverData`): always written, and
/// left at its zero value when a request omits it or sends `null`, as encoding/json does.
public protocol GoZeroValue {
    init()
}

extension KeyedDecodingContainer where K: GoJSONKey {
    public func decode<T: Decodable & GoZeroValue>(_ type: T.Type, forKey key: K) throws -> T {
        try decodeIfPresent(type, forKey: key) ?? T()
    }
}
