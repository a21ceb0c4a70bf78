import BerthCore
import BerthEngineAPI

extension ContainerService {
    /// dockerd's defaults for a HEALTHCHECK that leaves a value at zero.
    static let defaultHealthInterval: Int64 = 30_000_000_000
    static let defaultHealthTimeout: Int64 = 30_000_000_000
    static let defaultHealthRetries = 3
    static let healthLogLimit = 5
    static let healthOutputLimit = 4096

    /// The probe command, or nil when the container has no (or a disabled) health check.
    static func healthCommand(_ config: HealthConfig?) -> [String]? {
        guard let test = config?.test, let kind = test.first else { return nil }
        switch kind {
        case "CMD" where test.count > 1: return Array(test.dropFirst())
        case "CMD-SHELL" where test.count > 1: return ["/bin/sh", "-c", test.dropFirst().joined(separator: " ")]
        default: return nil
        }
    }

    /// Runs the health check of a started container until it stops: status `starting`, then `healthy`
    /// or `unhealthy` after `retries` consecutive failures (failures in the start period do not count).
    func monitorHealth(_ id: String, startedAt: String) {
        guard let record = store.get(id: id), let command = Self.healthCommand(record.config.healthcheck),
              let health = record.config.healthcheck else { return }
        let interval = health.interval > 0 ? health.interval : Self.defaultHealthInterval
        let timeout = health.timeout > 0 ? health.timeout : Self.defaultHealthTimeout
        let retries = health.retries > 0 ? health.retries : Self.defaultHealthRetries
        let startPeriodEnd = LogTime.now() + health.startPeriod
        _ = try? store.update(id) { $0.state.health = ContainerHealth(status: "starting", failingStreak: 0, log: []) }
        Task {
            while true {
                let firstInterval = health.startInterval > 0 && LogTime.now() < startPeriodEnd ? health.startInterval : interval
                try? await Task.sleep(for: .nanoseconds(firstInterval))
                guard let current = self.store.get(id: id), current.state.running, current.state.startedAt == startedAt else { return }
                if current.state.paused { continue }
                let result = await self.probe(id, command: command, timeout: timeout)
                let inStartPeriod = LogTime.now() < startPeriodEnd
                var changed: String?
                let updated = try? self.store.update(id) { record in
                    var state = record.state.health ?? ContainerHealth(status: "starting")
                    var log = state.log ?? []
                    log.append(result)
                    if log.count > Self.healthLogLimit { log.removeFirst(log.count - Self.healthLogLimit) }
                    state.log = log
                    let previous = state.status
                    if result.exitCode == 0 {
                        state.failingStreak = 0
                        state.status = "healthy"
                    } else if !inStartPeriod || previous != "starting" {
                        state.failingStreak += 1
                        if state.failingStreak >= retries { state.status = "unhealthy" }
                    }
                    if state.status != previous { changed = state.status }
                    record.state.health = state
                }
                if let changed, let updated {
                    self.events.container("health_status: " + changed, updated)
                }
            }
        }
    }

    /// One probe: an exec of `command`, its output (first 4 KiB) and exit code; a timeout is exit code -1.
    func probe(_ id: String, command: [String], timeout: Int64) async -> HealthcheckResult {
        let start = LogTime.format(LogTime.now())
        var config = ExecConfig()
        config.cmd = command
        config.attachStdout = true
        config.attachStderr = true
        do {
            let execID = try createExec(id, config: config)
            let started = try await startExec(execID, detach: false, consoleSize: nil)
            guard let target = started.target else { return HealthcheckResult(start: start, end: start, exitCode: -1) }
            let output = await withTaskGroup(of: [UInt8]?.self) { group -> [UInt8]? in
                group.addTask {
                    var bytes: [UInt8] = []
                    for await chunk in target.output where bytes.count < Self.healthOutputLimit { bytes += chunk.bytes }
                    return Array(bytes.prefix(Self.healthOutputLimit))
                }
                group.addTask {
                    try? await Task.sleep(for: .nanoseconds(timeout))
                    return nil
                }
                let first = await group.next() ?? nil
                group.cancelAll()
                return first
            }
            target.close()
            guard let output else {
                return HealthcheckResult(start: start, end: LogTime.format(LogTime.now()), exitCode: -1,
                                         output: "Health check exceeded timeout (\(timeout / 1_000_000_000)s)")
            }
            let code = execs.get(execID)?.exitCode ?? -1
            execs.remove(execID)
            return HealthcheckResult(start: start, end: LogTime.format(LogTime.now()), exitCode: code,
                                     output: String(decoding: output, as: UTF8.self))
        } catch {
            return HealthcheckResult(start: start, end: LogTime.format(LogTime.now()), exitCode: -1, output: "\(error)")
        }
    }
}
