import BerthCore
import BerthEngineAPI
import BerthSupervisorAPI

extension ContainerService {
    /// Waits (in the background) for the container's init to exit, then records it.
    func monitor(_ id: String) {
        Task {
            var request = Berth_Supervisor_V1_WaitRequest()
            request.namespace = self.namespace
            request.containerID = id
            var status = 255
            var exitedAt: Int64?
            do {
                let response = try await self.link.tasks.wait(request)
                status = Int(response.exitStatus)
                if response.hasExitedAt {
                    exitedAt = response.exitedAt.seconds * 1_000_000_000 + Int64(response.exitedAt.nanos)
                }
            } catch {
                // The task is gone (its exit with it): record what can be known. Anything else means the
                // supervisor is away (restarting): ask again until it answers, never guess an exit.
                if !SupervisorError.isNotFound(error) {
                    try? await Task.sleep(for: .seconds(1))
                    if self.store.get(id: id)?.state.running == true { self.monitor(id) }
                    return
                }
            }
            try? await self.finishExit(id, status: status, exitedAt: exitedAt)
        }
    }

    /// The init exited: drain its output, delete the task and the supervisor container, record the
    /// exit, wake waiters, then apply AutoRemove or the restart policy.
    func finishExit(_ id: String, status: Int, exitedAt: Int64?) async throws {
        let io = self.io(id)
        await io?.waitFinished(timeout: .seconds(2))
        io?.stopPump()
        io?.closeStdin()
        live.withLock { _ = $0.removeValue(forKey: id) }
        let deleted = await deleteTask(id)
        try? await deleteSupervisorContainer(id)
        let finalStatus = status == 255 && deleted != nil ? Int(deleted?.status ?? 255) : status
        let finished = exitedAt ?? deleted?.exitedAt ?? LogTime.now()
        guard let stopped = store.get(id: id) else { return }
        await detachNetwork(id, stopped.network)
        let record = try store.update(id) { record in
            record.network = nil
            record.state.running = false
            record.state.paused = false
            record.state.restarting = false
            record.state.pid = 0
            record.state.exitCode = finalStatus
            record.state.status = "exited"
            record.state.finishedAt = LogTime.format(finished)
        }
        events.container("die", record, extra: ["exitCode": String(finalStatus)])
        waiters.exited(id, WaitOutcome(statusCode: finalStatus, error: nil))
        if record.hostConfig.autoRemove {
            try? await remove(id, force: true, volumes: true)
            return
        }
        if shouldRestart(record) {
            // Restarting while the backoff runs, as dockerd shows it; stop or rm meanwhile cancels it.
            _ = try? store.update(id) { record in
                record.restartCount += 1
                record.state.restarting = true
                record.state.status = "restarting"
            }
            let delay = min(100 * (1 << min(record.restartCount, 10)), 60_000)
            try? await Task.sleep(for: .milliseconds(delay))
            if let current = store.get(id: id), !current.state.running, !current.manuallyStopped, current.state.restarting {
                _ = try? store.update(id) { $0.state.restarting = false }
                try? await start(id, byPolicy: true)
                // A stop that arrived while this start was under way wins.
                if store.get(id: id)?.manuallyStopped == true { _ = try? await stop(id, timeout: nil, signal: nil) }
            }
        }
    }

    func shouldRestart(_ record: ContainerRecord) -> Bool {
        if record.manuallyStopped { return false }
        switch record.hostConfig.restartPolicy.name {
        case "always", "unless-stopped": return true
        case "on-failure":
            let limit = record.hostConfig.restartPolicy.maximumRetryCount
            return record.state.exitCode != 0 && (limit == 0 || record.restartCount < limit)
        default: return false
        }
    }
}
