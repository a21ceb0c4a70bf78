import BerthCore
import BerthEngine
import BerthEngineAPI
import BerthHTTPServer
import BerthOCI
import BerthRegistry
import FoundationEssentials

/// Pull, push, login, distribution inspect and search: the endpoints that talk to registries.
enum RegistryRoutes {
    static func register(_ router: inout Router, images: ImageService, registry: RegistryClient, events: EngineEvents) throws {
        try router.post("/images/create") { request in
            if let image = request.query["fromImage"], !image.isEmpty {
                return try await pull(image, request, images: images, registry: registry, events: events)
            }
            return try await ImageRoutes.create(images, request)
        }
        try router.post("/images/{name...}/push") { request in
            let name = try request.parameter("name")
            let credentials = try RegistryAuthHeader.credentials(request.headers["X-Registry-Auth"])
            let tag = request.query["tag"] ?? ""
            // API >= 1.46: `platform` is an OCI platform object as JSON.
            var platform: Platform?
            if let text = request.query["platform"], !text.isEmpty {
                guard let json = try? JSONValue.parse(Array(text.utf8)), let os = json["os"]?.string, let architecture = json["architecture"]?.string else {
                    throw BerthError(.invalidArgument, "invalid platform: \(text)")
                }
                platform = Platform(os: os, architecture: architecture, variant: json["variant"]?.string).normalized
            }
            // Name problems are plain errors; registry problems come inside the stream, as dockerd sends them.
            let reference = try ImageReference(parsing: name)
            if !tag.isEmpty || ImageReference.hasExplicitTag(name) {
                _ = try await images.catalog.find(tag.isEmpty ? reference.description : try ImageReference(repository: reference.repository, tag: tag).description)
            }
            let wanted = platform
            return .stream { writer in
                do {
                    try await images.push(name, tag: tag, platform: wanted, credentials: credentials, registry: registry) { message in
                        try? await writer.writeJSONLine(message)
                    }
                    events.publish(type: "image", action: "push", id: reference.description, attributes: ["name": reference.description])
                } catch {
                    try? await writer.writeJSONLine(streamError(error))
                }
            }
        }
        try router.post("/auth") { request in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            guard let body = try? JSONValue.parse(bytes), case .object = body else {
                throw BerthError(.invalidArgument, "auth: a JSON body with username, password and serveraddress is required")
            }
            let credentials = RegistryAuthHeader.credentials(body)
            let server = body["serveraddress"]?.string ?? ""
            do {
                try await registry.checkLogin(domain: domain(ofServer: server), credentials: credentials)
            } catch {
                throw httpError(error)
            }
            return try .json(AuthResponse(status: "Login Succeeded", identityToken: ""))
        }
        try router.get("/distribution/{name...}/json") { request in
            let reference = try ImageReference(parsing: try request.parameter("name"))
            let credentials = try RegistryAuthHeader.credentials(request.headers["X-Registry-Auth"])
            let session = registry.session(domain: reference.domain, repository: reference.remoteName, credentials: credentials)
            do {
                let fetched = try await session.manifest(reference.manifestReference, displayName: reference.description)
                return try .json(DistributionInspect(fetched))
            } catch {
                throw httpError(error)
            }
        }
        try router.get("/images/search") { request in
            guard let term = request.query["term"], !term.isEmpty else { throw BerthError(.invalidArgument, "search term is required") }
            let limit = Int(request.query["limit"] ?? "") ?? 25
            guard (1...100).contains(limit) else { throw BerthError(.invalidArgument, "limit \(limit) is outside the range of [1, 100]") }
            let credentials = try RegistryAuthHeader.credentials(request.headers["X-Registry-Auth"])
            let filters = try request.query.filters()
            do {
                let results = try await search(term, limit: limit, credentials: credentials, registry: registry)
                return try .json(results.filter { SearchFilter(filters).matches($0) })
            } catch {
                throw httpError(error)
            }
        }
    }

    static func pull(_ image: String, _ request: HTTPRequest, images: ImageService, registry: RegistryClient,
                     events: EngineEvents) async throws -> HTTPResponse {
        let tag = request.query["tag"] ?? ""
        let credentials = try RegistryAuthHeader.credentials(request.headers["X-Registry-Auth"])
        var platform: Platform?
        if let text = request.query["platform"], !text.isEmpty {
            do { platform = try PlatformSelector.parse(text) } catch { throw BerthError(.invalidArgument, "\(error)") }
        }
        var references: [ImageReference]
        let base = try ImageReference(parsing: image)
        if tag.hasPrefix("sha256:") {
            references = [try ImageReference(parsing: "\(base.repository)@\(tag)")]
        } else if !tag.isEmpty {
            references = [try ImageReference(repository: base.repository, tag: tag)]
        } else if ImageReference.hasExplicitTag(image) {
            references = [base]
        } else {
            // No tag at all: every tag of the repository (`docker pull --all-tags`).
            let session = registry.session(domain: base.domain, repository: base.remoteName, credentials: credentials)
            do {
                references = try await session.tags().sorted().map { try ImageReference(repository: base.repository, tag: $0) }
            } catch {
                throw httpError(error)
            }
        }
        // The first manifest is found before the stream starts: "not found" is then a 404, as dockerd answers.
        let first: PullPlan
        do {
            guard let reference = references.first else { throw BerthError(.notFound, "no tags found for \(base.repository)") }
            first = try await images.planPull(reference, platform: platform, credentials: credentials, registry: registry)
        } catch {
            throw httpError(error)
        }
        let (wanted, all) = (platform, references)
        return .stream { writer in
            do {
                for (index, reference) in all.enumerated() {
                    let plan = index == 0 ? first : try await images.planPull(reference, platform: wanted, credentials: credentials, registry: registry)
                    try await images.pull(plan) { message in try? await writer.writeJSONLine(message) }
                    events.publish(type: "image", action: "pull", id: reference.description, attributes: ["name": reference.repository])
                }
            } catch {
                try? await writer.writeJSONLine(streamError(error))
            }
        }
    }

    /// `domain` of a login server address: `https://index.docker.io/v1/` and empty mean Docker Hub.
    static func domain(ofServer server: String) -> String {
        var host = server
        for scheme in ["https://", "http://"] where host.hasPrefix(scheme) { host.removeFirst(scheme.count) }
        host = String(host.prefix { $0 != "/" })
        if host.isEmpty || host == "index.docker.io" || host == "registry-1.docker.io" || host == "docker.io" { return "docker.io" }
        return host
    }

    static func search(_ term: String, limit: Int, credentials: RegistryCredentials, registry: RegistryClient) async throws -> [SearchResult] {
        var domain = "docker.io"
        var text = term
        if let slash = term.firstIndex(of: "/") {
            let first = String(term[..<slash])
            if first.contains(".") || first.contains(":") || first == "localhost" {
                domain = first
                text = String(term[term.index(after: slash)...])
            }
        }
        let names = try await registry.catalog(domain: domain, credentials: credentials, limit: 1000)
        return names.filter { text.isEmpty || $0.contains(text) }.prefix(limit).map {
            SearchResult(name: domain == "docker.io" ? $0 : "\(domain)/\($0)")
        }
    }

    static func streamError(_ error: any Error) -> ProgressMessage {
        let text = (error as? RegistryError)?.message ?? HTTPError(mapping: error).message
        return ProgressMessage(errorDetail: ProgressErrorDetail(message: text), error: text)
    }

    /// Registry failures get the statuses dockerd's errdefs give them.
    static func httpError(_ error: any Error) -> any Error {
        guard let error = error as? RegistryError else { return error }
        let status: HTTPStatus = switch error.code {
        case .notFound, .noMatchingPlatform: .notFound
        case .unauthorized: .unauthorized
        case .denied: .forbidden
        case .invalidManifest: .badRequest
        case .unsupported: .notImplemented
        case .digestMismatch, .transport, .unexpected: .internalServerError
        }
        return HTTPError(status, error.message)
    }
}

struct AuthResponse: Encodable {
    var status: String
    var identityToken: String
    enum CodingKeys: String, CodingKey { case status = "Status", identityToken = "IdentityToken" }
}

/// `GET /distribution/{name}/json`: the descriptor the name resolves to and its platforms.
struct DistributionInspect: Encodable {
    struct Entry: Encodable {
        var mediaType: String
        var digest: String
        var size: Int64
    }
    var descriptor: Entry
    var platforms: [Platform]
    enum CodingKeys: String, CodingKey { case descriptor = "Descriptor", platforms = "Platforms" }

    init(_ fetched: FetchedManifest) {
        descriptor = Entry(mediaType: fetched.mediaType, digest: fetched.digest.description, size: Int64(fetched.bytes.count))
        switch fetched.document {
        case .index(let index): platforms = index.manifests.compactMap(\.platform)
        case .manifest: platforms = []
        }
    }
}

/// One `/images/search` result; a registry catalog knows names only.
struct SearchResult: Encodable {
    var name: String
    var description = ""
    var starCount = 0
    var isOfficial = false
    var isAutomated = false
    enum CodingKeys: String, CodingKey {
        case name, description, starCount = "star_count", isOfficial = "is_official", isAutomated = "is_automated"
    }
}

/// `filters` of /images/search: is-official, is-automated, stars.
struct SearchFilter {
    var filters: [String: [String]]
    init(_ filters: [String: [String]]) { self.filters = filters }
    func matches(_ result: SearchResult) -> Bool {
        if let values = filters["is-official"], let value = values.first, (value == "true") != result.isOfficial { return false }
        if let values = filters["is-automated"], let value = values.first, (value == "true") != result.isAutomated { return false }
        if let values = filters["stars"], let value = values.first.flatMap({ Int($0) }), result.starCount < value { return false }
        return true
    }
}
