import BerthSupervisorAPI
import GRPCCore
import GRPCNIOTransportHTTP2

/// Removing a container removes its task (if stopped) and its snapshot too, as `ctr containers rm` does.
enum ContainerCleanup {
    static func remove<T: ClientTransport>(client: GRPCClient<T>, namespace: String, id: String) async throws {
        let containers = Berth_Supervisor_V1_Containers.Client(wrapping: client)
        var get = Berth_Supervisor_V1_GetContainerRequest()
        get.namespace = namespace
        get.id = id
        let container = try await containers.get(get).container
        var deleteTask = Berth_Supervisor_V1_DeleteTaskRequest()
        deleteTask.namespace = namespace
        deleteTask.containerID = id
        do {
            _ = try await Berth_Supervisor_V1_Tasks.Client(wrapping: client).delete(deleteTask)
        } catch let error as RPCError where error.code == .notFound {
            // No task: nothing to stop.
        }
        var delete = Berth_Supervisor_V1_DeleteContainerRequest()
        delete.namespace = namespace
        delete.id = id
        _ = try await containers.delete(delete)
        if !container.snapshotKey.isEmpty {
            var remove = Berth_Supervisor_V1_RemoveSnapshotRequest()
            remove.namespace = namespace
            remove.snapshotter = container.snapshotter
            remove.key = container.snapshotKey
            do {
                _ = try await Berth_Supervisor_V1_Snapshots.Client(wrapping: client).remove(remove)
            } catch let error as RPCError where error.code == .notFound {
                // Already gone.
            }
        }
    }
}
