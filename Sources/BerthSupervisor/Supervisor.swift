import BerthContent
import BerthCore
import BerthLinux
import BerthMetadata
import BerthSnapshots
import BerthSupervisorAPI
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// The supervisor's composition root: stores, snapshotters, event broker and task manager, shared by
/// the gRPC services.
public final class Supervisor: Sendable {
    public let configuration: SupervisorConfiguration
    let content: ContentStore
    let metadata: MetadataStore
    let snapshotters: [String: any Snapshotter]
    let defaultSnapshotter: String
    let events: EventBroker
    let tasks: TaskManager
    let gate = StoreGate()

    public init(configuration: SupervisorConfiguration) throws {
        self.configuration = configuration
        try FileIO.mkdirAll(configuration.root, mode: 0o700)
        try FileIO.mkdirAll(configuration.stateRoot, mode: 0o711)
        Self.clearScratch(configuration.root + "/tmp")
        content = try ContentStore(root: configuration.root + "/content")
        metadata = try MetadataStore(root: configuration.root)
        var snapshotters: [String: any Snapshotter] = [:]
        let native = try SnapshotterFactory.make(root: configuration.root, preferred: "native")
        snapshotters[native.name] = native
        let probed = try SnapshotterFactory.make(root: configuration.root, preferred: configuration.defaultSnapshotter)
        snapshotters[probed.name] = probed
        // Clients that ask for "overlayfs" on a host without it get the copy backend, as a fallback.
        if snapshotters["overlayfs"] == nil { snapshotters["overlayfs"] = native }
        self.snapshotters = snapshotters
        defaultSnapshotter = probed.name
        events = EventBroker()
        let metadata = self.metadata
        let snapshotterTable = snapshotters
        tasks = TaskManager(
            configuration: .init(stateRoot: configuration.stateRoot, shimBinary: configuration.shimBinary,
                                 defaultRuntime: configuration.defaultRuntime, runtimeRoot: configuration.runtimeRoot),
            events: events,
            containerLookup: { namespace, id in
                let record = try metadata.containers.get(namespace: namespace, id: id)
                guard let spec = record.spec?.value, !spec.isEmpty else {
                    throw BerthError(.invalidArgument, "container \(id) has no spec")
                }
                return TaskContainer(spec: spec, snapshotter: record.snapshotter, snapshotKey: record.snapshotKey,
                                     runtime: record.runtime.name, runtimeOptions: record.runtime.options?.value ?? [])
            },
            snapshotMounts: { name, namespace, key in
                guard let snapshotter = snapshotterTable[name.isEmpty ? "overlayfs" : name] else {
                    throw BerthError(.notFound, "snapshotter \"\(name)\": not found")
                }
                return try snapshotter.mounts(namespace: namespace, key: key)
            })
    }

    /// Spooled imports and unpack mount points of a supervisor that was killed: unmount first, so
    /// removing a directory can never reach into a snapshot still mounted there.
    static func clearScratch(_ path: String) {
        for mount in MountInfo.read() where mount.mountPoint.hasPrefix(path + "/") {
            try? BerthSnapshots.Mount.unmountAll(mount.mountPoint)
        }
        if MountInfo.read().contains(where: { $0.mountPoint.hasPrefix(path + "/") }) {
            SupervisorLog.warning("scratch \(path) still has mounts; leaving it in place")
            return
        }
        FileIO.removeAll(path)
    }

    func snapshotter(_ name: String) throws -> any Snapshotter {
        guard let snapshotter = snapshotters[name.isEmpty ? defaultSnapshotter : name] else {
            throw BerthError(.notFound, "snapshotter \"\(name)\": not found (have \(snapshotters.keys.sorted().joined(separator: ", ")))")
        }
        return snapshotter
    }
}

extension Supervisor {
    /// Runs a store operation while garbage collection is held off.
    func withStoreOperation<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await gate.enter()
        do {
            let result = try await body()
            await gate.leave()
            return result
        } catch {
            await gate.leave()
            throw error
        }
    }
}

extension Supervisor {
    /// One mark-and-sweep over every namespace, with store operations held off meanwhile.
    func collectGarbage() async throws -> Berth_Supervisor_V1_CollectGarbageResponse {
        await gate.beginCollection()
        let distinct = Dictionary(snapshotters.values.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let collector = GarbageCollector(metadata: metadata, content: content, snapshotters: Array(distinct.values))
        let report: GarbageCollectionReport
        do {
            report = try await Blocking.run { try collector.collect() }
        } catch {
            await gate.endCollection()
            throw error
        }
        await gate.endCollection()
        for problem in report.errors { SupervisorLog.warning("garbage collection: \(problem)") }
        SupervisorLog.info("garbage collection removed \(report.removedBlobs) blobs (\(report.bytesFreed) bytes) and \(report.removedSnapshots) snapshots")
        var response = Berth_Supervisor_V1_CollectGarbageResponse()
        response.contentRemoved = Int64(report.removedBlobs)
        response.snapshotsRemoved = Int64(report.removedSnapshots)
        response.bytesFreed = report.bytesFreed
        return response
    }
}

extension Supervisor {
    /// On a clean exit: the shim socket directory goes when no shim is left in it (rmdir refuses a
    /// non-empty one, so live shims keep theirs for the next supervisor).
    public func removeIdleSocketDirectory() {
        rmdir(tasks.launcher.socketDirectory)
    }
}
