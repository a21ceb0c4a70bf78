import AsyncHTTPClient
import BerthContent
import BerthCore
import BerthOCI
import NIOCore
import NIOHTTP1

extension RegistrySession {
    /// GET the manifest named by a tag or digest. A digest reference is verified against the bytes.
    public func manifest(_ reference: String, displayName: String) async throws -> FetchedManifest {
        var headers = HTTPHeaders()
        headers.add(name: "Accept", value: FetchedManifest.accept)
        let response = try await withRetries {
            try await self.send(.GET, path: "/v2/\(self.repository)/manifests/\(reference)", headers: headers)
        }
        guard response.status == .ok else {
            let error = await failure(response, what: "manifest for \(displayName) not found")
            if error.code == .notFound { throw error }
            throw Self.pullFailure(error, displayName: displayName, repository: "\(host)/\(repository)")
        }
        let bytes = try await RegistryClient.collect(response)
        let fetched = try FetchedManifest(bytes: bytes, contentType: response.headers.first(name: "Content-Type") ?? "", reference: displayName)
        if reference.hasPrefix("sha256:"), fetched.digest.description != reference {
            throw RegistryError(.digestMismatch, "manifest for \(displayName): content digest \(fetched.digest) does not match \(reference)")
        }
        return fetched
    }

    /// An index resolved to the manifest for `platform` (a manifest is returned as it is).
    public func resolve(_ reference: String, displayName: String, platform: Platform) async throws -> (top: FetchedManifest, manifest: FetchedManifest, Manifest) {
        let top = try await manifest(reference, displayName: displayName)
        switch top.document {
        case .manifest(let manifest):
            return (top, top, manifest)
        case .index(let index):
            guard let chosen = PlatformSelector(platform).choose(from: index.manifests) else {
                throw RegistryError(.noMatchingPlatform, "no matching manifest for \(platform) in the manifest list entries")
            }
            let child = try await manifest(chosen.digest.description, displayName: displayName)
            guard case .manifest(let manifest) = child.document else {
                throw RegistryError(.invalidManifest, "manifest list entry \(chosen.digest) for \(displayName) is not an image manifest")
            }
            return (top, child, manifest)
        }
    }

    /// Streams a blob to `consume`, starting at `offset` (a resumed download). Transient failures
    /// are retried with a Range request from the last byte received; the bytes are counted and,
    /// when the download started at 0 and `verify` is set, hashed, so a short or altered blob is an
    /// error here. A consumer that verifies the digest itself (the content store, at commit) passes
    /// `verify: false` rather than hash every byte twice.
    public nonisolated func fetchBlob(_ descriptor: Descriptor, offset: Int64 = 0, verify: Bool = true,
                          consume: (ByteBuffer) async throws -> Void) async throws {
        var received = offset
        let hasher: SHA256Hasher? = offset == 0 && verify ? SHA256Hasher() : nil
        var attempt = 1
        var delay = client.configuration.retryDelay
        while true {
            do {
                var headers = HTTPHeaders()
                if received > 0 { headers.add(name: "Range", value: "bytes=\(received)-") }
                let response = try await send(.GET, path: "/v2/\(repository)/blobs/\(descriptor.digest)", headers: headers, followRedirects: true)
                var skip: Int64 = 0
                switch response.status.code {
                case 200: skip = received  // the server ignored the Range
                case 206: skip = 0
                default:
                    throw await failure(response, what: "blob \(descriptor.digest)")
                }
                do {
                    for try await var buffer in response.body {
                        if skip > 0 {
                            let drop = Int(min(skip, Int64(buffer.readableBytes)))
                            buffer.moveReaderIndex(forwardBy: drop)
                            skip -= Int64(drop)
                            if buffer.readableBytes == 0 { continue }
                        }
                        if received + Int64(buffer.readableBytes) > descriptor.size {
                            throw RegistryError(.digestMismatch, "blob \(descriptor.digest): more than the \(descriptor.size) bytes its descriptor states")
                        }
                        buffer.withUnsafeReadableBytes { hasher?.update($0) }
                        received += Int64(buffer.readableBytes)
                        do { try await consume(buffer) } catch { throw ConsumerFailure(error: error) }
                    }
                } catch let error as ConsumerFailure {
                    throw error
                } catch let error as RegistryError {
                    throw error
                } catch {
                    throw RegistryError(.transport, "read blob \(descriptor.digest): \(RegistryClient.describe(error))")
                }
                guard received == descriptor.size else {
                    throw RegistryError(.transport, "blob \(descriptor.digest): connection closed after \(received) of \(descriptor.size) bytes")
                }
                break
            } catch let error as RegistryError where error.isTransient && attempt < client.configuration.attempts {
                attempt += 1
                try await Task.sleep(for: delay)
                delay *= 2
            } catch let failure as ConsumerFailure {
                throw failure.error
            }
        }
        if let hasher {
            let actual = hasher.finalize()
            guard actual == descriptor.digest else {
                throw RegistryError(.digestMismatch, "blob \(descriptor.digest): received content hashes to \(actual)")
            }
        }
    }

    /// Runs an idempotent request again on a transient failure.
    func withRetries<T>(_ body: () async throws -> T) async throws -> T {
        var attempt = 1
        var delay = client.configuration.retryDelay
        while true {
            do {
                return try await body()
            } catch let error as RegistryError where error.isTransient && attempt < client.configuration.attempts {
                attempt += 1
                try await Task.sleep(for: delay)
                delay *= 2
            }
        }
    }

    /// docker's wording when a pull is refused: the repository may not exist, or needs a login.
    static func pullFailure(_ error: RegistryError, displayName: String, repository: String) -> RegistryError {
        switch error.code {
        case .unauthorized, .denied:
            let name = displayName.split(separator: ":").first.map(String.init) ?? displayName
            let reason = error.message.split(separator: ":", maxSplits: 1).last.map { String($0.drop { $0 == " " }) } ?? error.message
            return RegistryError(error.code, "pull access denied for \(name), repository does not exist or may require 'docker login': \(reason)", status: error.status)
        default:
            return error
        }
    }

    /// The tags of this repository (`pull --all-tags`).
    public func tags() async throws -> [String] {
        let response = try await withRetries { try await self.send(.GET, path: "/v2/\(self.repository)/tags/list") }
        guard response.status == .ok else { throw await failure(response, what: "tags of \(host)/\(repository)") }
        let body = try await RegistryClient.collect(response)
        return (try? JSONValue.parse(body))?["tags"]?.array?.compactMap(\.string) ?? []
    }

    /// `/v2/_catalog`: a registry that does not offer it cannot be searched.
    func catalog(limit: Int) async throws -> [String] {
        scopes = ["registry:catalog:*"]
        let response = try await send(.GET, path: "/v2/_catalog?n=\(max(1, limit))")
        guard response.status == .ok else {
            let error = await failure(response, what: "search \(host)")
            if error.code == .notFound || error.status == 405 {
                throw RegistryError(.unsupported, "registry \(host) does not support search: it offers no /v2/_catalog", status: error.status)
            }
            throw error
        }
        let body = try await RegistryClient.collect(response)
        return (try? JSONValue.parse(body))?["repositories"]?.array?.compactMap(\.string) ?? []
    }
}

/// Marks an error thrown by the consumer, so it is never retried as a transport failure.
struct ConsumerFailure: Error {
    let error: any Error
}
