/// Encoding with Go's field rules (see `GoJSONKey`). Synthesized `encode(to:)` calls `encodeIfPresent`
/// for optionals and `encode` for the rest; these overloads are more specific than the standard ones
/// for containers keyed by a `GoJSONKey`, so they are the ones the synthesized code picks.
extension KeyedEncodingContainer where K: GoJSONKey {
    /// Optionals stand for Go pointers, slices and maps: nil is `null` (or nothing under omitempty);
    /// under omitempty an empty slice or map is left out too, but a pointer to zero is written
    /// (`"StopTimeout":0`, `"privileged":false`), as in Go.
    public mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: K) throws {
        let isEmptyCollection = (value as? any GoEmptyCollection)?.isGoEmpty ?? false
        try encodeGo(value, forKey: key, omit: isEmptyCollection)
    }

    public mutating func encodeIfPresent(_ value: String?, forKey key: K) throws { try encodeGo(value, forKey: key, omit: false) }
    public mutating func encodeIfPresent(_ value: Bool?, forKey key: K) throws { try encodeGo(value, forKey: key, omit: false) }
    public mutating func encodeIfPresent(_ value: Int?, forKey key: K) throws { try encodeGo(value, forKey: key, omit: false) }
    public mutating func encodeIfPresent(_ value: Int32?, forKey key: K) throws { try encodeGo(value, forKey: key, omit: false) }
    public mutating func encodeIfPresent(_ value: Int64?, forKey key: K) throws { try encodeGo(value, forKey: key, omit: false) }
    public mutating func encodeIfPresent(_ value: UInt?, forKey key: K) throws { try encodeGo(value, forKey: key, omit: false) }
    public mutating func encodeIfPresent(_ value: UInt16?, forKey key: K) throws { try encodeGo(value, forKey: key, omit: false) }
    public mutating func encodeIfPresent(_ value: UInt32?, forKey key: K) throws { try encodeGo(value, forKey: key, omit: false) }
    public mutating func encodeIfPresent(_ value: UInt64?, forKey key: K) throws { try encodeGo(value, forKey: key, omit: false) }
    public mutating func encodeIfPresent(_ value: Double?, forKey key: K) throws { try encodeGo(value, forKey: key, omit: false) }

    // Non-optional Go scalars: always written, except a zero value under omitempty.
    public mutating func encode(_ value: String, forKey key: K) throws { try encodeGo(value, forKey: key, omit: value.isEmpty) }
    public mutating func encode(_ value: Bool, forKey key: K) throws { try encodeGo(value, forKey: key, omit: !value) }
    public mutating func encode(_ value: Int, forKey key: K) throws { try encodeGo(value, forKey: key, omit: value == 0) }
    public mutating func encode(_ value: Int64, forKey key: K) throws { try encodeGo(value, forKey: key, omit: value == 0) }
    public mutating func encode(_ value: UInt16, forKey key: K) throws { try encodeGo(value, forKey: key, omit: value == 0) }
    public mutating func encode(_ value: UInt64, forKey key: K) throws { try encodeGo(value, forKey: key, omit: value == 0) }

    /// nil: `null`, or nothing under omitempty. `omit` (the value is Go-empty) under omitempty: nothing.
    mutating func encodeGo<T: Encodable>(_ value: T?, forKey key: K, omit: Bool) throws {
        guard let value else {
            if !key.omitsEmpty { try encodeNil(forKey: key) }
            return
        }
        if key.omitsEmpty, omit { return }
        // T is generic here, so this resolves to the standard generic `encode`, not back to these overloads.
        try encode(value, forKey: key)
    }
}
