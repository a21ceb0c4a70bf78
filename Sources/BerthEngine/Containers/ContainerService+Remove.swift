import BerthCore
import BerthEngineAPI
import BerthSupervisorAPI

extension ContainerService {
    /// `DELETE /containers/{id}?force=&v=`: kills a running container when forced, then removes its
    /// snapshot, files and record.
    public func remove(_ reference: String, force: Bool, volumes: Bool) async throws {
        let record = try store.find(reference)
        if (record.state.running || record.state.restarting) && !force {
            let hint = record.state.paused ? "container is paused and must be unpaused first"
                : record.state.running ? "container is running: stop the container before removing or force remove"
                : "container is restarting: stop the container before removing or force remove"
            throw BerthError(.alreadyExists, "cannot remove container \"/\(record.name)\": \(hint)")
        }
        if record.state.restarting { _ = try? store.update(record.id) { $0.manuallyStopped = true } }
        let claimed = removing.withLock { $0.insert(record.id).inserted }
        guard claimed else { throw BerthError(.alreadyExists, "removal of container \(record.id) is already in progress") }
        defer { _ = removing.withLock { $0.remove(record.id) } }

        if record.state.running {
            _ = try? store.update(record.id) { $0.manuallyStopped = true }
            try await stopRunning(record, timeout: 0, signal: "SIGKILL")
            for _ in 0..<300 where store.get(id: record.id)?.state.running == true {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        // Each step may find its object gone already; any other failure (supervisor away) keeps the
        // record, so the container is not lost while its task or snapshot lives on.
        try await SupervisorError.ignoringNotFound {
            var request = Berth_Supervisor_V1_DeleteTaskRequest()
            request.namespace = namespace
            request.containerID = record.id
            _ = try await link.tasks.delete(request)
        }
        try await deleteSupervisorContainer(record.id)
        try await removeSnapshot(key: record.snapshotKey, snapshotter: record.snapshotter)
        execs.removeAll(container: record.id)
        for target in pendingAttach.withLock({ $0.removeValue(forKey: record.id) ?? [] }) { target.close() }
        let exitCode = store.get(id: record.id)?.state.exitCode ?? record.state.exitCode
        // The exit normally releases the network; a record that still holds it (an exit never seen) must not leak.
        if let held = store.get(id: record.id)?.network { await detachNetwork(record.id, held) }
        store.remove(record.id)
        // dockerd's `rm -v` (and `--rm`): the container's own anonymous volumes go; named ones, and any
        // another container still uses, stay.
        if volumes { removeVolumes(anonymousVolumes(record)) }
        for point in record.mountPoints ?? [] where point.type == "volume" { self.volumes?.releaseIfUnused(point.name) }
        events.container("destroy", record)
        waiters.removed(record.id, WaitOutcome(statusCode: exitCode, error: nil))
    }

    /// `POST /containers/prune?filters=`: removes stopped containers matching the filters.
    public func prune(filters: [String: [String]]) async throws -> (deleted: [String], reclaimed: Int64) {
        let filter = try ContainerFilter(filters, allowed: ["label", "label!", "until"])
        var deleted: [String] = []
        for record in store.all() where !record.state.running && filter.matches(record, store: store) {
            do {
                try await remove(record.id, force: false, volumes: false)
                deleted.append(record.id)
            } catch {
                continue
            }
        }
        events.publish(type: "container", action: "prune", id: "", attributes: ["reclaimed": "0"])
        return (deleted, 0)
    }
}
