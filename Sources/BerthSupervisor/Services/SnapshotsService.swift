import BerthMetadata
import BerthSnapshots
import BerthSupervisorAPI
import GRPCCore
import SwiftProtobuf

struct SnapshotsService: Berth_Supervisor_V1_Snapshots.SimpleServiceProtocol {
    let supervisor: Supervisor

    private func protect(_ namespace: String, lease: String, key: String, snapshotter: any Snapshotter) throws {
        guard !lease.isEmpty else { return }
        try supervisor.metadata.leases.addResource(namespace: namespace, leaseID: lease, resource: .snapshot(key, snapshotter: snapshotter.name))
    }

    func prepare(request: Berth_Supervisor_V1_PrepareSnapshotRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_PrepareSnapshotResponse {
        try await RPCErrors.guarded {
            let namespace = try RPCErrors.namespace(request.namespace)
            let snapshotter = try supervisor.snapshotter(request.snapshotter)
            let mounts = try await supervisor.withStoreOperation {
                try protect(namespace, lease: request.lease, key: request.key, snapshotter: snapshotter)
                return try snapshotter.prepare(namespace: namespace, key: request.key, parent: request.parent.isEmpty ? nil : request.parent, labels: request.labels)
            }
            supervisor.events.publish(namespace: namespace, topic: "/snapshot/prepare", ["key": request.key, "parent": request.parent, "snapshotter": snapshotter.name])
            var response = Berth_Supervisor_V1_PrepareSnapshotResponse()
            response.mounts = mounts.map(Self.proto)
            return response
        }
    }

    func view(request: Berth_Supervisor_V1_ViewSnapshotRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_ViewSnapshotResponse {
        try await RPCErrors.guarded {
            let namespace = try RPCErrors.namespace(request.namespace)
            let snapshotter = try supervisor.snapshotter(request.snapshotter)
            let mounts = try await supervisor.withStoreOperation {
                try protect(namespace, lease: request.lease, key: request.key, snapshotter: snapshotter)
                return try snapshotter.view(namespace: namespace, key: request.key, parent: request.parent.isEmpty ? nil : request.parent, labels: request.labels)
            }
            var response = Berth_Supervisor_V1_ViewSnapshotResponse()
            response.mounts = mounts.map(Self.proto)
            return response
        }
    }

    func mounts(request: Berth_Supervisor_V1_MountsRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_MountsResponse {
        try await RPCErrors.guarded {
            let snapshotter = try supervisor.snapshotter(request.snapshotter)
            var response = Berth_Supervisor_V1_MountsResponse()
            response.mounts = try snapshotter.mounts(namespace: try RPCErrors.namespace(request.namespace), key: request.key).map(Self.proto)
            return response
        }
    }

    func commit(request: Berth_Supervisor_V1_CommitSnapshotRequest, context: ServerContext) async throws -> Google_Protobuf_Empty {
        try await RPCErrors.guarded {
            let namespace = try RPCErrors.namespace(request.namespace)
            let snapshotter = try supervisor.snapshotter(request.snapshotter)
            try await supervisor.withStoreOperation {
                try protect(namespace, lease: request.lease, key: request.name, snapshotter: snapshotter)
                try snapshotter.commit(namespace: namespace, name: request.name, key: request.key, labels: request.labels)
            }
            supervisor.events.publish(namespace: namespace, topic: "/snapshot/commit", ["key": request.key, "name": request.name, "snapshotter": snapshotter.name])
            return Google_Protobuf_Empty()
        }
    }

    func remove(request: Berth_Supervisor_V1_RemoveSnapshotRequest, context: ServerContext) async throws -> Google_Protobuf_Empty {
        try await RPCErrors.guarded {
            let namespace = try RPCErrors.namespace(request.namespace)
            let snapshotter = try supervisor.snapshotter(request.snapshotter)
            try snapshotter.remove(namespace: namespace, key: request.key)
            supervisor.events.publish(namespace: namespace, topic: "/snapshot/remove", ["key": request.key, "snapshotter": snapshotter.name])
            return Google_Protobuf_Empty()
        }
    }

    func stat(request: Berth_Supervisor_V1_StatSnapshotRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_StatSnapshotResponse {
        try await RPCErrors.guarded {
            let snapshotter = try supervisor.snapshotter(request.snapshotter)
            var response = Berth_Supervisor_V1_StatSnapshotResponse()
            response.info = Self.proto(try snapshotter.stat(namespace: try RPCErrors.namespace(request.namespace), key: request.key))
            return response
        }
    }

    func update(request: Berth_Supervisor_V1_UpdateSnapshotRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_UpdateSnapshotResponse {
        try await RPCErrors.guarded {
            let namespace = try RPCErrors.namespace(request.namespace)
            let snapshotter = try supervisor.snapshotter(request.snapshotter)
            var current = try snapshotter.stat(namespace: namespace, key: request.info.name)
            current.labels = request.info.labels
            var response = Berth_Supervisor_V1_UpdateSnapshotResponse()
            response.info = Self.proto(try snapshotter.update(namespace: namespace, info: current, fieldPaths: request.updateMask.paths))
            return response
        }
    }

    func list(request: Berth_Supervisor_V1_ListSnapshotsRequest, response: RPCWriter<Berth_Supervisor_V1_ListSnapshotsResponse>, context: ServerContext) async throws {
        let infos = try await RPCErrors.guarded {
            try supervisor.snapshotter(request.snapshotter).list(namespace: try RPCErrors.namespace(request.namespace), filters: request.filters)
        }
        // Pages of 100 keep each message small however many snapshots there are.
        var start = 0
        repeat {
            var page = Berth_Supervisor_V1_ListSnapshotsResponse()
            page.info = infos[start..<min(start + 100, infos.count)].map(Self.proto)
            try await response.write(page)
            start += 100
        } while start < infos.count
    }

    func usage(request: Berth_Supervisor_V1_UsageRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_UsageResponse {
        try await RPCErrors.guarded {
            let snapshotter = try supervisor.snapshotter(request.snapshotter)
            let usage = try await Blocking.run { try snapshotter.usage(namespace: try RPCErrors.namespace(request.namespace), key: request.key) }
            var response = Berth_Supervisor_V1_UsageResponse()
            response.size = usage.size
            response.inodes = usage.inodes
            return response
        }
    }

    func cleanup(request: Berth_Supervisor_V1_CleanupRequest, context: ServerContext) async throws -> Google_Protobuf_Empty {
        try await RPCErrors.guarded {
            _ = try supervisor.snapshotter(request.snapshotter).cleanup()
            return Google_Protobuf_Empty()
        }
    }

    static func proto(_ mount: BerthSnapshots.Mount) -> Berth_Supervisor_V1_Mount {
        var out = Berth_Supervisor_V1_Mount()
        out.type = mount.type
        out.source = mount.source
        out.target = mount.target ?? ""
        out.options = mount.options
        return out
    }

    static func proto(_ info: SnapshotInfo) -> Berth_Supervisor_V1_SnapshotInfo {
        var out = Berth_Supervisor_V1_SnapshotInfo()
        out.name = info.name
        out.parent = info.parent ?? ""
        switch info.kind {
        case .active: out.kind = .active
        case .view: out.kind = .view
        case .committed: out.kind = .committed
        }
        out.labels = info.labels
        out.createdAt = ProtoTime.from(nanos: info.createdAt)
        out.updatedAt = ProtoTime.from(nanos: info.updatedAt)
        return out
    }
}
