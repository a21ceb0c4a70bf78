/// The `{}` values of Go's `map[string]struct{}` sets: `"ExposedPorts": {"80/tcp": {}}`,
/// `"Volumes": {"/data": {}}`. Any object decodes to it; it always encodes as `{}`.
public struct EmptyObject: Codable, Sendable, Equatable, Hashable {
    public init() {}

    public init(from decoder: any Decoder) throws {
        _ = try decoder.container(keyedBy: EngineJSON.FieldKey.self)
    }

    public func encode(to encoder: any Encoder) throws {
        _ = encoder.container(keyedBy: EngineJSON.FieldKey.self)
    }
}
