import BerthCore
import BerthEngineAPI
import BerthImages
import BerthLinux
import BerthSupervisorAPI

extension ContainerService {
    /// `GET /containers/{id}/changes`: what the container changed on its image (overlay upper directory).
    public func changes(_ reference: String) async throws -> [FileChange] {
        let record = try store.find(reference)
        let committer = ImageCommitter(link: link, scratchDirectory: options.dataRoot + "/tmp")
        let layer = try await committer.layerSource(snapshotter: record.snapshotter, key: record.snapshotKey)
        return try await BlockingWork.run { try ImageCommitter.changes(layer) }
    }

    /// `POST /commit`: a new image from the container's changes; the container is paused meanwhile
    /// unless `pause` is false.
    public func commit(_ reference: String, repository: String?, tag: String?, author: String, comment: String,
                       changes: [String], pause: Bool, overrides: ContainerConfig?) async throws -> String {
        let record = try store.find(reference)
        var name: String?
        if let repository, !repository.isEmpty {
            name = repository + ":" + ((tag?.isEmpty ?? true) ? "latest" : tag ?? "latest")
        } else if let tag, !tag.isEmpty {
            throw BerthError(.invalidArgument, "invalid reference format: tag given without a repository")
        }
        try FileIO.mkdirAll(options.dataRoot + "/tmp", mode: 0o700)
        let committer = ImageCommitter(link: link, scratchDirectory: options.dataRoot + "/tmp")
        let paused = pause && record.state.running && !record.state.paused
        if paused { try await pauseTaskOnly(record.id) }
        defer {
            if paused { Task { try? await self.resumeTask(record.id) } }
        }
        let layer = try await committer.layerSource(snapshotter: record.snapshotter, key: record.snapshotKey)
        let id = try await committer.commit(ImageCommitter.Request(
            parentImage: record.imageID, layer: layer, reference: name, author: author, comment: comment,
            containerConfig: record.config, overrides: overrides, changes: changes))
        events.container("commit", record)
        return id
    }

    func pauseTaskOnly(_ id: String) async throws {
        var request = Berth_Supervisor_V1_PauseTaskRequest()
        request.namespace = namespace
        request.containerID = id
        _ = try await SupervisorError.mapping { try await link.tasks.pause(request) }
    }

    /// `GET /containers/{id}/export`: the container's filesystem (its snapshot, without the mounts
    /// of a running container) as a tar stream.
    public func export(_ reference: String) async throws -> AsyncStream<[UInt8]> {
        let record = try store.find(reference)
        var stopped = record
        stopped.state.running = false
        let view = stopped
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
        // Mount first, so a failure is still an HTTP status rather than a cut stream.
        _ = try await withRootfs(view) { _ in true }
        Task {
            _ = try? await self.withRootfs(view) { root in
                try BlockingWork.pipe(into: continuation) { fd in try PathArchiver.write(source: root, name: "", to: fd) }
            }
            continuation.finish()
        }
        return stream
    }
}
