import BerthContent
import BerthCore
import BerthOCI

/// A manifest or index exactly as the registry served it: the bytes (whose digest is the image's
/// repo digest), the media type, and the parsed document.
public struct FetchedManifest: Sendable {
    public enum Document: Sendable {
        case manifest(Manifest)
        case index(Index)
    }

    public var bytes: [UInt8]
    public var mediaType: String
    public var digest: Digest
    public var document: Document

    public var descriptor: Descriptor { Descriptor(mediaType: mediaType, digest: digest, size: Int64(bytes.count)) }

    /// Parses `bytes` served as `contentType`. Schema1 and unknown types are refused with the
    /// texts docker prints for them.
    public init(bytes: [UInt8], contentType: String, reference: String) throws {
        self.bytes = bytes
        self.digest = SHA256Hasher.digest(bytes)
        guard let json = try? JSONValue.parse(bytes) else {
            throw RegistryError(.invalidManifest, "failed to parse manifest for \(reference): invalid JSON")
        }
        let declared = json["mediaType"]?.string ?? ""
        let served = contentType.split(separator: ";").first.map { String($0.filter { $0 != " " && $0 != "\t" }) } ?? ""
        var mediaType = !declared.isEmpty ? declared : served
        if json["schemaVersion"]?.int64 == 1 || mediaType.hasPrefix("application/vnd.docker.distribution.manifest.v1") {
            throw RegistryError(.invalidManifest,
                "[DEPRECATION NOTICE] Docker Image Format v1 and Docker Image manifest version 2, schema 1 support has been removed. "
                + "Suggest the author of \(reference) to upgrade the image to the OCI Format or Docker Image manifest v2, schema 2. "
                + "More information at https://docs.docker.com/go/deprecated-image-specs/")
        }
        if mediaType.isEmpty || mediaType == "application/json" {
            // OCI documents may omit mediaType: the shape tells.
            mediaType = json["manifests"] != nil ? MediaTypes.ociIndex : MediaTypes.ociManifest
        }
        do {
            if MediaTypes.isIndex(mediaType) {
                document = .index(try JSONCoding.decode(Index.self, from: bytes, source: "index \(reference)"))
            } else if MediaTypes.isManifest(mediaType) {
                document = .manifest(try JSONCoding.decode(Manifest.self, from: bytes, source: "manifest \(reference)"))
            } else {
                throw RegistryError(.invalidManifest, "unsupported manifest media type \(mediaType) for \(reference)")
            }
        } catch let error as RegistryError {
            throw error
        } catch {
            throw RegistryError(.invalidManifest, "failed to parse manifest for \(reference): \(error)")
        }
        self.mediaType = mediaType
    }

    /// The Accept header for manifest requests: every type Berth can use, index types first.
    public static let accept = [MediaTypes.ociIndex, MediaTypes.dockerManifestList, MediaTypes.ociManifest, MediaTypes.dockerManifest]
        .joined(separator: ", ")
}
