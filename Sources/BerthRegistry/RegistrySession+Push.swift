import AsyncHTTPClient
import BerthCore
import BerthOCI
import NIOCore
import NIOHTTP1

/// Where a blob's bytes come from during a push: `read(offset, length)` streams that range.
public typealias BlobRangeReader = @Sendable (_ offset: Int64, _ length: Int64) -> AsyncThrowingStream<ByteBuffer, any Error>

extension RegistrySession {
    /// The outcome of putting one blob in place.
    public enum BlobPushResult: Sendable, Equatable {
        case alreadyExists
        case mounted(from: String)
        case uploaded
    }

    /// HEAD /v2/<name>/blobs/<digest>.
    public func blobExists(_ digest: Digest) async throws -> Bool {
        let response = try await withRetries { try await self.send(.HEAD, path: "/v2/\(self.repository)/blobs/\(digest)", followRedirects: true) }
        let body = (try? await RegistryClient.collect(response, limit: 1 << 16)) ?? []
        switch response.status.code {
        case 200: return true
        case 404: return false
        default: throw await failure(response, body: body, what: "blob \(digest)")
        }
    }

    /// Puts a blob in this repository: nothing when present, a cross-repository mount when
    /// `mountFrom` (a repository on the same registry known to hold it) is given and the registry
    /// allows it, otherwise an upload: one PUT when the blob fits in `chunkSize`, PATCH chunks
    /// then a closing PUT when it does not.
    public func pushBlob(_ descriptor: Descriptor, mountFrom: String?, chunkSize: Int64 = 64 << 20,
                         read: @escaping BlobRangeReader, progress: @Sendable (Int64) async -> Void = { _ in }) async throws -> BlobPushResult {
        if try await blobExists(descriptor.digest) { return .alreadyExists }
        var location: String
        if let mountFrom, mountFrom != repository {
            addPullScope(mountFrom)
            let response = try await send(.POST, path: "/v2/\(repository)/blobs/uploads/?mount=\(descriptor.digest)&from=\(mountFrom)",
                                          headers: ["Content-Length": "0"])
            let body = (try? await RegistryClient.collect(response, limit: 1 << 16)) ?? []
            if response.status == .created { return .mounted(from: mountFrom) }
            guard response.status == .accepted, let next = response.headers.first(name: "Location") else {
                throw await failure(response, body: body, what: "start upload of \(descriptor.digest)")
            }
            location = Self.resolve(next, against: try await base() + "/v2/\(repository)/blobs/uploads/")
        } else {
            location = try await startUpload(descriptor.digest)
        }
        if descriptor.size <= chunkSize {
            let response = try await send(.PUT, path: Self.appending(digest: descriptor.digest, to: location),
                                          headers: ["Content-Type": "application/octet-stream", "Content-Length": "\(descriptor.size)"],
                                          body: { .stream(read(0, descriptor.size), length: .known(descriptor.size)) })
            let body = (try? await RegistryClient.collect(response, limit: 1 << 16)) ?? []
            guard response.status == .created else { throw await failure(response, body: body, what: "upload \(descriptor.digest)") }
            await progress(descriptor.size)
            return .uploaded
        }
        var offset: Int64 = 0
        while offset < descriptor.size {
            let length = min(chunkSize, descriptor.size - offset)
            let start = offset
            let response = try await send(.PATCH, path: location,
                                          headers: ["Content-Type": "application/octet-stream", "Content-Length": "\(length)",
                                                    "Content-Range": "\(start)-\(start + length - 1)"],
                                          body: { .stream(read(start, length), length: .known(length)) })
            let body = (try? await RegistryClient.collect(response, limit: 1 << 16)) ?? []
            guard response.status == .accepted, let next = response.headers.first(name: "Location") else {
                throw await failure(response, body: body, what: "upload chunk of \(descriptor.digest) at \(start)")
            }
            location = Self.resolve(next, against: location)
            offset += length
            await progress(offset)
        }
        let response = try await send(.PUT, path: Self.appending(digest: descriptor.digest, to: location), headers: ["Content-Length": "0"])
        let body = (try? await RegistryClient.collect(response, limit: 1 << 16)) ?? []
        guard response.status == .created else { throw await failure(response, body: body, what: "finish upload of \(descriptor.digest)") }
        return .uploaded
    }

    /// POST /v2/<name>/blobs/uploads/: the session URL to send data to.
    func startUpload(_ digest: Digest) async throws -> String {
        let base = try await base()
        let response = try await send(.POST, path: "/v2/\(repository)/blobs/uploads/", headers: ["Content-Length": "0"])
        let body = (try? await RegistryClient.collect(response, limit: 1 << 16)) ?? []
        guard response.status == .accepted, let location = response.headers.first(name: "Location") else {
            throw await failure(response, body: body, what: "start upload of \(digest)")
        }
        return Self.resolve(location, against: base + "/v2/\(repository)/blobs/uploads/")
    }

    static func appending(digest: Digest, to location: String) -> String {
        location + (location.contains("?") ? "&" : "?") + "digest=\(digest.description.replacing(":", with: "%3A"))"
    }

    /// PUT the manifest under a tag (or its digest); returns the digest the registry reports.
    public func putManifest(_ bytes: [UInt8], mediaType: String, reference: String) async throws -> String {
        let response = try await send(.PUT, path: "/v2/\(repository)/manifests/\(reference)",
                                      headers: ["Content-Type": mediaType, "Content-Length": "\(bytes.count)"],
                                      body: { .bytes(ByteBuffer(bytes: bytes)) })
        let body = (try? await RegistryClient.collect(response, limit: 1 << 16)) ?? []
        guard response.status == .created else { throw await failure(response, body: body, what: "put manifest \(host)/\(repository):\(reference)") }
        return response.headers.first(name: "Docker-Content-Digest") ?? ""
    }
}
