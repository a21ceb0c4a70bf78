import BerthRegistry
import BerthCore
import BerthOCI
import BerthSupervisorAPI
import FoundationEssentials
import GRPCCore

extension ImageService {
    /// `GET /images/get` and `/images/{name}/get`: checks every reference first (404 `No such image`
    /// before any byte is sent), then returns the producer that streams one docker-archive with
    /// all of them (images named by a tag carry it in RepoTags; images named by id carry none).
    public func save(_ references: [String]) async throws -> @Sendable (@escaping @Sendable ([UInt8]) async throws -> Void) async throws -> Void {
        guard !references.isEmpty else { throw BerthError(.invalidArgument, "no image names given") }
        let images = try await catalog.all()
        var recordNames: [String] = []
        var temporary: [String] = []
        for reference in references {
            let image = try ImageCatalog.pick(reference, in: images)
            let recordName: String
            if let parsed = try? ImageReference(parsing: reference), parsed.isTagged, image.names.contains(parsed.description),
               let record = image.recordNames.first(where: { ImageCatalog.displayName($0) == parsed.description }) {
                recordName = record
            } else {
                // By id: exported through its dangling record (whose name becomes no RepoTag).
                recordName = DanglingImageName.name(forTarget: image.target.digest.description)
                if !image.recordNames.contains(recordName) && !temporary.contains(recordName) {
                    try await createRecord(recordName, target: Self.proto(image.target))
                    temporary.append(recordName)
                }
            }
            if !recordNames.contains(recordName) { recordNames.append(recordName) }
        }
        var request = Berth_Supervisor_V1_ExportRequest()
        request.namespace = SupervisorLink.namespace
        request.names = recordNames
        request.format = .docker
        let frozen = request
        let cleanup = temporary
        let service = self
        return { write in
            do {
                try await service.link.images.exportArchive(frozen) { response in
                    for try await chunk in response.messages { try await write(Array(chunk.data)) }
                }
            } catch {
                for name in cleanup { try? await service.deleteRecord(name) }
                throw SupervisorErrors.berth(error)
            }
            for name in cleanup { try? await service.deleteRecord(name) }
        }
    }

    /// `POST /images/load`: streams the archive (docker save or OCI layout tar, plain, gzip or
    /// zstd — the supervisor tells them apart) into the supervisor, unpacks it, and returns dockerd's
    /// lines: `Loaded image: busybox:latest` per name, `Loaded image ID: sha256:…` for an unnamed
    /// image (kept by a dangling record). A name that moves to the loaded image leaves its old image
    /// dangling. A bad archive is a 400 and leaves no record behind.
    public func load<Body: AsyncSequence & Sendable>(_ body: Body) async throws -> [String] where Body.Element == [UInt8] {
        let before = try await catalog.records()
        let pending = Self.pendingPrefix + String(UInt64.random(in: 0..<UInt64.max), radix: 16)
        let request = StreamingClientRequest<Berth_Supervisor_V1_ImportChunk> { writer in
            var first = Berth_Supervisor_V1_ImportChunk()
            first.namespace = SupervisorLink.namespace
            first.format = .docker
            first.name = pending
            first.snapshotter = Self.snapshotter
            var sentFirst = false
            for try await bytes in body where !bytes.isEmpty {
                var chunk = sentFirst ? Berth_Supervisor_V1_ImportChunk() : first
                chunk.data = Data(bytes)
                sentFirst = true
                try await writer.write(chunk)
            }
            if !sentFirst { try await writer.write(first) }
        }
        let imported: [Berth_Supervisor_V1_Image]
        do {
            imported = try await link.images.importArchive(request: request) { try $0.message.images }
        } catch {
            try? await deleteRecord(pending)
            let translated = SupervisorErrors.berth(error)
            if let berth = translated as? BerthError, berth.code == .system || berth.code == .invalidConfig {
                throw BerthError(.invalidArgument, berth.message)
            }
            throw translated
        }
        var lines: [String] = []
        var loadedIDs: Set<String> = []
        for record in imported {
            if record.name == pending {
                let dangling = DanglingImageName.name(forTarget: record.target.digest)
                try await createRecord(dangling, target: record.target)
                try await deleteRecord(pending)
                // The supervisor unpacked by name: with several unnamed images only the last one.
                if imported.filter({ $0.name == pending }).count > 1 { try? await unpack(dangling) }
                var named = record
                named.name = dangling
                let id = (try? await catalog.resolve(named).id) ?? record.target.digest
                if loadedIDs.insert(id).inserted { lines.append("Loaded image ID: \(id)\n") }
            } else {
                let display = ImageCatalog.displayName(record.name) ?? record.name
                if display != record.name, let resolved = try? await catalog.resolve(record) {
                    // An OCI layout names images docker.io/library/…: stored in familiar form like every name.
                    try await setName(display, target: resolved.target)
                } else {
                    try await deleteRecord(DanglingImageName.name(forTarget: record.target.digest))
                }
                lines.append("Loaded image: \(display)\n")
            }
        }
        // Names that now point elsewhere: their old image stays as dangling if nothing else names it.
        let after = try await catalog.records()
        for old in before where !DanglingImageName.isDangling(old.name) {
            guard let now = after.first(where: { $0.name == old.name }), now.target.digest != old.target.digest else { continue }
            if !after.contains(where: { $0.target.digest == old.target.digest }) {
                try await createRecord(DanglingImageName.name(forTarget: old.target.digest), target: old.target)
            }
        }
        return lines
    }
}
