/// Decoding with Go's tolerance: a missing field or a `null` leaves a non-optional scalar at its zero
/// value instead of failing, as encoding/json does (docker-py sends sparse bodies; the CLI sends
/// `null` for unset slices and maps). A value of the wrong type still fails, naming the field.
extension KeyedDecodingContainer where K: GoJSONKey {
    public func decode(_ type: String.Type, forKey key: K) throws -> String { try decodeIfPresent(type, forKey: key) ?? "" }
    public func decode(_ type: Bool.Type, forKey key: K) throws -> Bool { try decodeIfPresent(type, forKey: key) ?? false }
    public func decode(_ type: Int.Type, forKey key: K) throws -> Int { try decodeIfPresent(type, forKey: key) ?? 0 }
    public func decode(_ type: Int64.Type, forKey key: K) throws -> Int64 { try decodeIfPresent(type, forKey: key) ?? 0 }
    public func decode(_ type: UInt16.Type, forKey key: K) throws -> UInt16 { try decodeIfPresent(type, forKey: key) ?? 0 }
    public func decode(_ type: UInt64.Type, forKey key: K) throws -> UInt64 { try decodeIfPresent(type, forKey: key) ?? 0 }
}

extension KeyedDecodingContainer where K: GoJSONKey {
    /// A list of strings also accepts a single string, as Go's `strslice.StrSlice` does for `Cmd`,
    /// `Entrypoint`, `Shell`, `CapAdd` and `CapDrop`: `"Entrypoint": ""` (the swagger's own example)
    /// means `[""]`, i.e. reset the image's entrypoint.
    public func decodeIfPresent(_ type: [String].Type, forKey key: K) throws -> [String]? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let single = try? decode(String.self, forKey: key) { return [single] }
        return try decode([String].self, forKey: key)
    }
}
