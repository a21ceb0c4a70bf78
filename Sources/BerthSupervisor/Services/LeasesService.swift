import BerthMetadata
import BerthSupervisorAPI
import FoundationEssentials
import GRPCCore
import SwiftProtobuf

struct LeasesService: Berth_Supervisor_V1_Leases.SimpleServiceProtocol {
    let supervisor: Supervisor

    func create(request: Berth_Supervisor_V1_CreateLeaseRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_CreateLeaseResponse {
        try await RPCErrors.guarded {
            let namespace = try RPCErrors.namespace(request.namespace)
            let id = request.id.isEmpty ? "lease-\(UInt64.random(in: 0..<UInt64.max))" : request.id
            var response = Berth_Supervisor_V1_CreateLeaseResponse()
            response.lease = Self.proto(try supervisor.metadata.leases.create(namespace: namespace, id: id, labels: request.labels))
            return response
        }
    }

    func delete(request: Berth_Supervisor_V1_DeleteLeaseRequest, context: ServerContext) async throws -> Google_Protobuf_Empty {
        try await RPCErrors.guarded {
            try supervisor.metadata.leases.delete(namespace: try RPCErrors.namespace(request.namespace), id: request.id)
            if request.sync { _ = try await supervisor.collectGarbage() }
            return Google_Protobuf_Empty()
        }
    }

    func list(request: Berth_Supervisor_V1_ListLeasesRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_ListLeasesResponse {
        try await RPCErrors.guarded {
            var response = Berth_Supervisor_V1_ListLeasesResponse()
            response.leases = try supervisor.metadata.leases.list(namespace: try RPCErrors.namespace(request.namespace), filters: request.filters).map(Self.proto)
            return response
        }
    }

    func addResource(request: Berth_Supervisor_V1_AddResourceRequest, context: ServerContext) async throws -> Google_Protobuf_Empty {
        try await RPCErrors.guarded {
            try supervisor.metadata.leases.addResource(namespace: try RPCErrors.namespace(request.namespace), leaseID: request.id,
                                                       resource: LeaseResource(id: request.resource.id, type: request.resource.type))
            return Google_Protobuf_Empty()
        }
    }

    func deleteResource(request: Berth_Supervisor_V1_DeleteResourceRequest, context: ServerContext) async throws -> Google_Protobuf_Empty {
        try await RPCErrors.guarded {
            try supervisor.metadata.leases.deleteResource(namespace: try RPCErrors.namespace(request.namespace), leaseID: request.id,
                                                          resource: LeaseResource(id: request.resource.id, type: request.resource.type))
            return Google_Protobuf_Empty()
        }
    }

    func listResources(request: Berth_Supervisor_V1_ListResourcesRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_ListResourcesResponse {
        try await RPCErrors.guarded {
            var response = Berth_Supervisor_V1_ListResourcesResponse()
            response.resources = try supervisor.metadata.leases.listResources(namespace: try RPCErrors.namespace(request.namespace), leaseID: request.id).map { resource in
                var out = Berth_Supervisor_V1_LeaseResource()
                out.id = resource.id
                out.type = resource.type
                return out
            }
            return response
        }
    }

    func collectGarbage(request: Berth_Supervisor_V1_CollectGarbageRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_CollectGarbageResponse {
        try await RPCErrors.guarded { try await supervisor.collectGarbage() }
    }

    static func proto(_ record: LeaseRecord) -> Berth_Supervisor_V1_Lease {
        var lease = Berth_Supervisor_V1_Lease()
        lease.id = record.id
        lease.labels = record.labels
        lease.createdAt = ProtoTime.from(nanos: record.createdAt)
        return lease
    }
}
