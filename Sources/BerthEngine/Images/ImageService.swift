import BerthRegistry
import BerthCore
import BerthEngineAPI
import BerthOCI
import BerthSupervisorAPI
import FoundationEssentials
import GRPCCore

/// Docker's image operations (tag, rmi, history, prune, save, load, import) over the supervisor's
/// image store. Names are supervisor image records in the engine's namespace, stored in familiar
/// form (`busybox:latest`); an image with no name is kept by a `DanglingImageName` record so it
/// survives until pruned, as with dockerd's containerd store.
public struct ImageService: Sendable {
    /// Temporary records (an untagged image between import and being given its dangling name).
    static let pendingPrefix = "berth-pending@"
    /// Images are unpacked here as they arrive, so a container can start from them at once.
    public static let snapshotter = "overlayfs"

    let link: SupervisorLink
    public let catalog: ImageCatalog

    public init(link: SupervisorLink) {
        self.link = link
        catalog = ImageCatalog(link: link)
    }

    // MARK: tag

    /// `POST /images/{name}/tag`: gives the image `repository:tag` (tag defaults to latest; a tag
    /// parameter replaces one in `repository`, as moby's `RepoTagReference`; digests are refused). A name
    /// that pointed at another image moves; that image is kept as dangling if it has no other name.
    public func tag(_ source: String, repository: String, tag: String) async throws {
        guard !repository.isEmpty else { throw BerthError(.invalidArgument, "repository name must have at least one component") }
        let reference = try ImageReference(repository: repository, tag: tag)
        let image = try await catalog.find(source)
        try await setName(reference.description, target: image.target)
    }

    /// Points record `name` at `target`, keeping the image that loses the name as dangling, and
    /// drops the target's own dangling record (it has a name now).
    func setName(_ name: String, target: Descriptor) async throws {
        let records = try await catalog.records()
        let targetDigest = target.digest.description
        let sameNamed = records.filter { ImageCatalog.displayName($0.name) == name }
        if sameNamed.count == 1, sameNamed[0].target.digest == targetDigest, sameNamed[0].name == name {
            return
        }
        var record = Berth_Supervisor_V1_Image()
        record.name = name
        record.target = Self.proto(target)
        for old in sameNamed where old.name != name {
            // The same familiar name stored in another spelling (docker.io/library/…): one name, one record.
            if old.target.digest != targetDigest { try await keepDanglingIfLast(losing: old, records: records) }
            try await deleteRecord(old.name)
        }
        if let existing = sameNamed.first(where: { $0.name == name }) {
            if existing.target.digest != targetDigest {
                try await keepDanglingIfLast(losing: existing, records: records)
                var update = Berth_Supervisor_V1_UpdateImageRequest()
                update.namespace = SupervisorLink.namespace
                update.image = record
                update.updateMask.paths = ["target"]
                _ = try await SupervisorErrors.translating { try await link.images.update(update) }
            }
        } else {
            var create = Berth_Supervisor_V1_CreateImageRequest()
            create.namespace = SupervisorLink.namespace
            create.image = record
            _ = try await SupervisorErrors.translating { try await link.images.create(create) }
        }
        try await deleteRecord(DanglingImageName.name(forTarget: targetDigest))
    }

    /// When `record` is the last one pointing at its target, gives that target a dangling record
    /// before the name goes, so the image stays listed as `<none>` instead of vanishing.
    func keepDanglingIfLast(losing record: Berth_Supervisor_V1_Image, records: [Berth_Supervisor_V1_Image]) async throws {
        let others = records.filter { $0.target.digest == record.target.digest && $0.name != record.name }
        guard others.isEmpty else { return }
        try await createRecord(DanglingImageName.name(forTarget: record.target.digest), target: record.target)
    }

    func createRecord(_ name: String, target: Berth_Supervisor_V1_Descriptor) async throws {
        var create = Berth_Supervisor_V1_CreateImageRequest()
        create.namespace = SupervisorLink.namespace
        create.image.name = name
        create.image.target = target
        do {
            _ = try await link.images.create(create)
        } catch let error as RPCError where error.code == .alreadyExists {
            // Already kept under that name.
        } catch {
            throw SupervisorErrors.berth(error)
        }
    }

    func deleteRecord(_ name: String, collect: Bool = false) async throws {
        var request = Berth_Supervisor_V1_DeleteImageRequest()
        request.namespace = SupervisorLink.namespace
        request.name = name
        request.sync = collect
        do {
            _ = try await link.images.delete(request)
        } catch let error as RPCError where error.code == .notFound {
            // Already gone.
        } catch {
            throw SupervisorErrors.berth(error)
        }
    }

    func unpack(_ recordName: String) async throws {
        var request = Berth_Supervisor_V1_UnpackRequest()
        request.namespace = SupervisorLink.namespace
        request.name = recordName
        request.snapshotter = Self.snapshotter
        _ = try await SupervisorErrors.translating { try await link.images.unpack(request) }
    }

    static func proto(_ descriptor: Descriptor) -> Berth_Supervisor_V1_Descriptor {
        var out = Berth_Supervisor_V1_Descriptor()
        out.mediaType = descriptor.mediaType
        out.digest = descriptor.digest.description
        out.size = descriptor.size
        return out
    }
}


extension ImageService {
    /// The service over the catalog's supervisor connection (berthd registers routes with a catalog).
    public init(catalog: ImageCatalog) {
        self.init(link: catalog.link)
    }
}
