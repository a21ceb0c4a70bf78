import BerthMetadata
import BerthSupervisorAPI
import GRPCCore
import SwiftProtobuf

struct NamespacesService: Berth_Supervisor_V1_Namespaces.SimpleServiceProtocol {
    let supervisor: Supervisor

    func list(request: Berth_Supervisor_V1_ListNamespacesRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_ListNamespacesResponse {
        try await RPCErrors.guarded {
            var response = Berth_Supervisor_V1_ListNamespacesResponse()
            response.namespaces = try supervisor.metadata.namespaces.list().map { record in
                var namespace = Berth_Supervisor_V1_Namespace()
                namespace.name = record.name
                namespace.labels = record.labels
                return namespace
            }
            return response
        }
    }

    func delete(request: Berth_Supervisor_V1_DeleteNamespaceRequest, context: ServerContext) async throws -> Google_Protobuf_Empty {
        try await RPCErrors.guarded {
            let name = try RPCErrors.namespace(request.name)
            guard supervisor.tasks.handles(namespace: name).isEmpty else {
                throw RPCError(code: .failedPrecondition, message: "namespace \"\(name)\": not empty (tasks)")
            }
            try supervisor.metadata.namespaces.delete(name, snapshotters: Array(Set(supervisor.snapshotters.values.map(\.name))).compactMap { supervisor.snapshotters[$0] })
            return Google_Protobuf_Empty()
        }
    }
}
