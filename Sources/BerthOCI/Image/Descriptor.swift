import BerthCore

/// An OCI content descriptor: what a piece of content is, its digest and size, and where else it
/// may be fetched from.
public struct Descriptor: Codable, Sendable, Hashable {
    public var mediaType: String
    public var digest: Digest
    public var size: Int64
    public var urls: [String]?
    public var annotations: [String: String]?
    public var data: String?
    public var platform: Platform?
    public var artifactType: String?

    enum CodingKeys: String, CodingKey {
        case mediaType, digest, size, urls, annotations, data, platform, artifactType
    }

    public init(mediaType: String, digest: Digest, size: Int64, urls: [String]? = nil,
                annotations: [String: String]? = nil, platform: Platform? = nil, artifactType: String? = nil) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.urls = urls
        self.annotations = annotations
        self.platform = platform
        self.artifactType = artifactType
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mediaType = try c.decode(String.self, forKey: .mediaType)
        digest = try c.decodeDigest(forKey: .digest)
        size = try c.decode(Int64.self, forKey: .size)
        urls = try c.decodeIfPresent([String].self, forKey: .urls)
        annotations = try c.decodeIfPresent([String: String].self, forKey: .annotations)
        data = try c.decodeIfPresent(String.self, forKey: .data)
        platform = try c.decodeIfPresent(Platform.self, forKey: .platform)
        artifactType = try c.decodeIfPresent(String.self, forKey: .artifactType)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(mediaType, forKey: .mediaType)
        try c.encode(digest, forKey: .digest)
        try c.encode(size, forKey: .size)
        try c.encodeIfNotEmpty(urls, forKey: .urls)
        try c.encodeIfNotEmpty(annotations, forKey: .annotations)
        try c.encodeIfPresent(data, forKey: .data)
        try c.encodeIfPresent(platform, forKey: .platform)
        try c.encodeIfPresent(artifactType, forKey: .artifactType)
    }
}

extension KeyedDecodingContainer {
    /// A digest whose parse error becomes a DecodingError, so JSONCoding names the field at fault.
    func decodeDigest(forKey key: Key) throws -> Digest {
        let text = try decode(String.self, forKey: key)
        do { return try Digest(parsing: text) } catch let error as BerthError {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: error.message)
        }
    }
}

extension KeyedEncodingContainer {
    /// Go's omitempty for collections: nil and empty are both left out.
    mutating func encodeIfNotEmpty<T: Encodable & Collection>(_ value: T?, forKey key: Key) throws {
        guard let value, !value.isEmpty else { return }
        try encode(value, forKey: key)
    }

    mutating func encodeIfNotEmpty(_ value: String?, forKey key: Key) throws {
        guard let value, !value.isEmpty else { return }
        try encode(value, forKey: key)
    }
}

/// The coding key of an array element, for error paths built by hand.
struct ArrayIndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}
