import BerthMetadata
import BerthSupervisorAPI
import FoundationEssentials
import GRPCCore
import SwiftProtobuf

struct ContainersService: Berth_Supervisor_V1_Containers.SimpleServiceProtocol {
    static let specType = "types.containerd.io/opencontainers/runtime-spec/1/Spec"
    static let optionsType = "application/json"
    let metadata: MetadataStore
    let events: EventBroker

    func get(request: Berth_Supervisor_V1_GetContainerRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_GetContainerResponse {
        try await RPCErrors.guarded {
            var response = Berth_Supervisor_V1_GetContainerResponse()
            response.container = Self.proto(try metadata.containers.get(namespace: try RPCErrors.namespace(request.namespace), id: request.id))
            return response
        }
    }

    func list(request: Berth_Supervisor_V1_ListContainersRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_ListContainersResponse {
        try await RPCErrors.guarded {
            var response = Berth_Supervisor_V1_ListContainersResponse()
            response.containers = try metadata.containers.list(namespace: try RPCErrors.namespace(request.namespace), filters: request.filters).map(Self.proto)
            return response
        }
    }

    func create(request: Berth_Supervisor_V1_CreateContainerRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_CreateContainerResponse {
        try await RPCErrors.guarded {
            let namespace = try RPCErrors.namespace(request.namespace)
            var container = request.container
            // An unnamed runtime is the supervisor's default (berth-runtime unless configured).
            if container.runtime.name.isEmpty { container.runtime.name = TaskManager.defaultRuntimeName }
            guard !container.spec.isEmpty else { throw RPCErrors.invalid("container \(container.id): spec is required") }
            // A spec that isn't an OCI spec is refused here, not when a task is created from it.
            _ = try Self.validatedSpec(container.spec, id: container.id)
            let record = try metadata.containers.create(namespace: namespace, container: Self.record(container))
            events.publish(namespace: namespace, topic: "/containers/create", [
                "id": record.id, "image": record.image, "runtime": record.runtime.name,
            ])
            var response = Berth_Supervisor_V1_CreateContainerResponse()
            response.container = Self.proto(record)
            return response
        }
    }

    func update(request: Berth_Supervisor_V1_UpdateContainerRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_UpdateContainerResponse {
        try await RPCErrors.guarded {
            let namespace = try RPCErrors.namespace(request.namespace)
            if request.updateMask.paths.contains("spec") || (request.updateMask.paths.isEmpty && !request.container.spec.isEmpty) {
                _ = try Self.validatedSpec(request.container.spec, id: request.container.id)
            }
            let record = try metadata.containers.update(namespace: namespace, container: Self.record(request.container),
                                                        fieldPaths: request.updateMask.paths)
            events.publish(namespace: namespace, topic: "/containers/update", ["id": record.id, "image": record.image])
            var response = Berth_Supervisor_V1_UpdateContainerResponse()
            response.container = Self.proto(record)
            return response
        }
    }

    func delete(request: Berth_Supervisor_V1_DeleteContainerRequest, context: ServerContext) async throws -> Google_Protobuf_Empty {
        try await RPCErrors.guarded {
            let namespace = try RPCErrors.namespace(request.namespace)
            try metadata.containers.delete(namespace: namespace, id: request.id)
            events.publish(namespace: namespace, topic: "/containers/delete", ["id": request.id])
            return Google_Protobuf_Empty()
        }
    }

    static func validatedSpec(_ bytes: Data, id: String) throws -> [UInt8] {
        let spec = Array(bytes)
        _ = try BerthOCISpecCheck.check(spec, id: id)
        return spec
    }

    static func record(_ container: Berth_Supervisor_V1_Container) -> ContainerRecord {
        ContainerRecord(
            id: container.id,
            runtime: .init(name: container.runtime.name,
                           options: container.runtime.options.isEmpty ? nil : TypedValue(typeURL: optionsType, value: Array(container.runtime.options))),
            labels: container.labels, image: container.image,
            spec: container.spec.isEmpty ? nil : TypedValue(typeURL: specType, value: Array(container.spec)),
            snapshotter: container.snapshotter, snapshotKey: container.snapshotKey,
            extensions: container.extensions.mapValues { TypedValue(typeURL: "application/octet-stream", value: Array($0)) })
    }

    static func proto(_ record: ContainerRecord) -> Berth_Supervisor_V1_Container {
        var container = Berth_Supervisor_V1_Container()
        container.id = record.id
        container.labels = record.labels
        container.image = record.image
        container.runtime.name = record.runtime.name
        container.runtime.options = Data(record.runtime.options?.value ?? [])
        container.spec = Data(record.spec?.value ?? [])
        container.snapshotter = record.snapshotter
        container.snapshotKey = record.snapshotKey
        container.createdAt = ProtoTime.from(nanos: record.createdAt)
        container.updatedAt = ProtoTime.from(nanos: record.updatedAt)
        container.extensions = record.extensions.mapValues { Data($0.value) }
        return container
    }
}
