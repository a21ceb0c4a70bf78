/// The coding keys of every Engine API model. Docker's daemon is written in Go, and clients depend on
/// how Go's encoding/json treats each field, so every key says which of Go's two behaviours it follows:
///
/// - without `omitempty` (the default here) a field is always written: a nil slice, map or pointer as
///   `null`, a zero number as `0`, an empty string as `""` (dockerd sends `"Env":null`, `"Warnings":null`);
/// - with `omitempty` a field whose value is nil, empty or zero is left out (`"SizeRw"`, `"Healthcheck"`).
///
/// The keyed-container overloads in `KeyedEncodingContainer+GoJSON.swift` and
/// `KeyedDecodingContainer+GoJSON.swift` read this flag, so models keep their synthesized `Codable`.
/// `CaseIterable` lets `EngineJSON` collect every field name for Go's case-insensitive key matching.
public protocol GoJSONKey: CodingKey, CaseIterable {
    /// True when the Go field carries `json:",omitempty"`.
    var omitsEmpty: Bool { get }
}

extension GoJSONKey {
    public var omitsEmpty: Bool { false }

    /// Every JSON field name of the model these keys belong to.
    static var fieldNames: [String] { allCases.map { $0.stringValue } }
}

/// A slice or map, which Go's `omitempty` leaves out when empty.
public protocol GoEmptyCollection {
    var isGoEmpty: Bool { get }
}

extension Array: GoEmptyCollection { public var isGoEmpty: Bool { isEmpty } }
extension Dictionary: GoEmptyCollection { public var isGoEmpty: Bool { isEmpty } }
