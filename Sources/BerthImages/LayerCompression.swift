import BerthOCI

/// How a layer blob is compressed, told by its first bytes: media types lie often enough
/// (docker-archive layers are declared plain but may be gzip) that the content decides.
public enum LayerCompression: String, Sendable, Equatable {
    case none, gzip, zstd

    /// Recognises gzip and zstd magic; anything else is taken for a plain tar (libarchive then
    /// rejects what isn't one). xz and bzip2 are named, so the error says what was found.
    static func detect(_ prefix: [UInt8]) throws -> LayerCompression {
        if prefix.starts(with: [0x1F, 0x8B]) { return .gzip }
        if prefix.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) { return .zstd }
        if prefix.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { throw unsupported("xz") }
        if prefix.starts(with: [0x42, 0x5A, 0x68]) { throw unsupported("bzip2") }
        return .none
    }

    private static func unsupported(_ name: String) -> UnsupportedCompression { UnsupportedCompression(name: name) }

    /// The OCI layer media type for a layer stored with this compression.
    public var ociLayerMediaType: String {
        switch self {
        case .none: return MediaTypes.ociLayer
        case .gzip: return MediaTypes.ociLayerGzip
        case .zstd: return MediaTypes.ociLayerZstd
        }
    }
}

struct UnsupportedCompression: Error {
    let name: String
}
