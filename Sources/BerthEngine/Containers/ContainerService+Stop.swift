import BerthCore
import BerthEngineAPI
import BerthLinux
import BerthSupervisorAPI
import Glibc

extension ContainerService {
    /// `POST /containers/{id}/kill?signal=`. 409 when the container is not running.
    public func kill(_ reference: String, signal: String?) async throws {
        let record = try store.find(reference)
        guard record.state.running else {
            throw BerthError(.alreadyExists, "cannot kill container: \(reference): container \(record.id) is not running")
        }
        let number = try parseSignal(signal ?? "")
        if number == SIGKILL || number == SIGTERM || number == SIGINT {
            _ = try? store.update(record.id) { $0.manuallyStopped = true }
        }
        try await sendSignal(record.id, number, all: number == SIGKILL)
        events.container("kill", record, extra: ["signal": String(number)])
    }

    func parseSignal(_ text: String) throws -> Int32 {
        if text.isEmpty { return SIGKILL }
        do {
            return try Signals.parse(text)
        } catch {
            throw BerthError(.invalidArgument, "Invalid signal: \(text)")
        }
    }

    func sendSignal(_ id: String, _ signal: Int32, all: Bool) async throws {
        var request = Berth_Supervisor_V1_KillRequest()
        request.namespace = namespace
        request.containerID = id
        request.signal = UInt32(signal)
        request.all = all
        _ = try await SupervisorError.mapping { try await link.tasks.kill(request) }
    }

    /// `POST /containers/{id}/stop?t=&signal=`: the stop signal, then SIGKILL after the timeout.
    /// Returns false when it was not running (dockerd's 304).
    @discardableResult
    public func stop(_ reference: String, timeout: Int?, signal: String?) async throws -> Bool {
        let record = try store.find(reference)
        if record.state.restarting && !record.state.running {
            let updated = try store.update(record.id) { record in
                record.manuallyStopped = true
                record.state.restarting = false
                record.state.status = "exited"
            }
            events.container("stop", updated)
            return true
        }
        _ = try store.update(record.id) { $0.manuallyStopped = true }
        guard record.state.running else { return false }
        try await stopRunning(record, timeout: timeout, signal: signal)
        events.container("stop", record)
        return true
    }

    func stopRunning(_ record: ContainerRecord, timeout: Int?, signal: String?) async throws {
        let stopSignal = try parseSignal((signal?.isEmpty == false ? signal : nil) ?? (record.config.stopSignal.isEmpty ? "SIGTERM" : record.config.stopSignal))
        let seconds = timeout ?? record.config.stopTimeout ?? 10
        // Each phase registers its own waiter: an AsyncStream whose reader was cancelled is finished.
        if record.state.paused { try? await resumeTask(record.id) }
        if stopSignal != SIGKILL {
            let exit = waiters.register(record.id, .nextExit)
            try? await sendSignal(record.id, stopSignal, all: false)
            if seconds != 0, await Self.first(exit, within: seconds < 0 ? nil : .seconds(seconds)) { return }
        }
        guard store.get(id: record.id)?.state.running == true else { return }
        let exit = waiters.register(record.id, .nextExit)
        try? await sendSignal(record.id, SIGKILL, all: true)
        if await Self.first(exit, within: .seconds(30)) { return }
        throw BerthError(.timeout, "container \(record.id) did not exit after SIGKILL")
    }

    /// Whether `stream` yields within `timeout` (nil waits forever).
    static func first(_ stream: AsyncStream<WaitOutcome>, within timeout: Duration?) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                var iterator = stream.makeAsyncIterator()
                return await iterator.next() != nil
            }
            if let timeout {
                group.addTask {
                    try? await Task.sleep(for: timeout)
                    return false
                }
            }
            let result = await group.next() ?? false
            group.cancelAll()
            return result
        }
    }

    /// `POST /containers/{id}/restart?t=&signal=`.
    public func restart(_ reference: String, timeout: Int?, signal: String?) async throws {
        let record = try store.find(reference)
        if record.state.running {
            try await stopRunning(record, timeout: timeout, signal: signal)
            // The exit handler finishes asynchronously; start once it recorded the exit.
            for _ in 0..<200 where store.get(id: record.id)?.state.running == true {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        try await start(record.id)
        events.container("restart", record)
    }

    public func pause(_ reference: String) async throws {
        let record = try store.find(reference)
        guard record.state.running else { throw BerthError(.alreadyExists, "container \(record.id) is not running") }
        guard !record.state.paused else { throw BerthError(.alreadyExists, "container \(record.id) is already paused") }
        var request = Berth_Supervisor_V1_PauseTaskRequest()
        request.namespace = namespace
        request.containerID = record.id
        _ = try await SupervisorError.mapping { try await link.tasks.pause(request) }
        let updated = try store.update(record.id) {
            $0.state.paused = true
            $0.state.status = "paused"
        }
        events.container("pause", updated)
    }

    public func unpause(_ reference: String) async throws {
        let record = try store.find(reference)
        guard record.state.paused else { throw BerthError(.alreadyExists, "container \(record.id) is not paused") }
        try await resumeTask(record.id)
        let updated = try store.update(record.id) {
            $0.state.paused = false
            $0.state.status = "running"
        }
        events.container("unpause", updated)
    }

    func resumeTask(_ id: String) async throws {
        var request = Berth_Supervisor_V1_ResumeTaskRequest()
        request.namespace = namespace
        request.containerID = id
        _ = try await SupervisorError.mapping { try await link.tasks.resume(request) }
    }

    /// `POST /containers/{id}/rename?name=`.
    public func rename(_ reference: String, to newName: String) async throws {
        let record = try store.find(reference)
        guard let name = try validatedName(newName) else { throw BerthError(.invalidArgument, "Neither old nor new names may be empty") }
        if name == record.name { throw BerthError(.alreadyExists, "Renaming a container with the same name as its current name") }
        if let other = store.nameTaken(name) {
            throw BerthError(.alreadyExists, "Conflict. The container name \"/\(name)\" is already in use by container \"\(other)\". You have to remove (or rename) that container to be able to reuse that name.")
        }
        let updated = try store.update(record.id) { $0.name = name }
        events.container("rename", updated, extra: ["oldName": "/" + record.name])
    }
}
