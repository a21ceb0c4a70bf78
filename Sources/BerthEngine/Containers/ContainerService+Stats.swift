import BerthCore
import BerthEngineAPI
import BerthSupervisorAPI
import BerthOCI
import FoundationEssentials

extension ContainerService {
    /// `GET /containers/{id}/stats`: samples once a second. A stopped container gives zeroed samples,
    /// as dockerd does. `oneShot` skips the second sample that fills `precpu_stats`.
    public func stats(_ reference: String, stream: Bool, oneShot: Bool) throws -> AsyncStream<ContainerStats> {
        let record = try store.find(reference)
        let (output, continuation) = AsyncStream<ContainerStats>.makeStream()
        let task = Task {
            var previous: ContainerStats?
            if !stream && !oneShot {
                previous = await self.sample(record)
                try? await Task.sleep(for: .seconds(1))
            }
            while !Task.isCancelled {
                var current = await self.sample(record)
                if let previous {
                    current.precpu_stats = previous.cpu_stats
                    current.preread = previous.read
                }
                continuation.yield(current)
                if !stream { break }
                previous = current
                try? await Task.sleep(for: .seconds(1))
                if self.store.get(id: record.id)?.state.running != true { break }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return output
    }

    func sample(_ record: ContainerRecord) async -> ContainerStats {
        guard store.get(id: record.id)?.state.running == true else {
            var empty = ContainerStats()
            empty.name = "/" + record.name
            empty.id = record.id
            return empty
        }
        var request = Berth_Supervisor_V1_MetricsRequest()
        request.namespace = namespace
        request.filters = ["id==\(record.id)"]
        let data = (try? await link.tasks.metrics(request).metrics.first?.data).map { Array($0) } ?? []
        var stats = ContainerStats.sample(runtimeJSON: data, record: record)
        if let current = store.get(id: record.id), current.network?.endpoints.isEmpty == false,
           let links = InterfaceCounters.read(pid: current.state.pid), !links.isEmpty {
            stats.networks = links
        }
        return stats
    }

    /// `POST /containers/{id}/update`: new resource limits (applied to a running task) and restart policy.
    public func update(_ reference: String, request: ContainerUpdateRequest) async throws -> [String] {
        let record = try store.find(reference)
        var host = record.hostConfig
        if request.memory != 0 { host.memory = request.memory }
        if request.memorySwap != 0 { host.memorySwap = request.memorySwap }
        if request.memoryReservation != 0 { host.memoryReservation = request.memoryReservation }
        if request.nanoCpus != 0 { host.nanoCpus = request.nanoCpus }
        if request.cpuShares != 0 { host.cpuShares = request.cpuShares }
        if request.cpuPeriod != 0 { host.cpuPeriod = request.cpuPeriod }
        if request.cpuQuota != 0 { host.cpuQuota = request.cpuQuota }
        if !request.cpusetCpus.isEmpty { host.cpusetCpus = request.cpusetCpus }
        if !request.cpusetMems.isEmpty { host.cpusetMems = request.cpusetMems }
        if let pids = request.pidsLimit { host.pidsLimit = pids }
        if request.blkioWeight != 0 { host.blkioWeight = request.blkioWeight }
        if !request.restartPolicy.name.isEmpty {
            if host.autoRemove && request.restartPolicy.name != "no" {
                throw BerthError(.invalidArgument, "Restart policy cannot be updated because AutoRemove is enabled for the container")
            }
            host.restartPolicy = request.restartPolicy
        }
        try validate(host)
        if record.state.running {
            var input = ContainerSpecInput(id: record.id)
            input.resources = ContainerSpecInput.Resources(host)
            let environment = SpecBuildEnvironment(rootfsPath: "/")
            let resources = try DockerSpecBuilder(environment: environment).resources(input.resources)
            var update = Berth_Supervisor_V1_UpdateTaskRequest()
            update.namespace = namespace
            update.containerID = record.id
            update.resources = Data(try JSONCoding.encode(resources))
            _ = try await SupervisorError.mapping { try await link.tasks.update(update) }
        }
        let updated = try store.update(record.id) { $0.hostConfig = host }
        events.container("update", updated)
        return []
    }
}
