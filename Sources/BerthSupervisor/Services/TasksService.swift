import BerthCore
import BerthShimAPI
import BerthSnapshots
import BerthSupervisorAPI
import FoundationEssentials
import GRPCCore
import SwiftProtobuf

struct TasksService: Berth_Supervisor_V1_Tasks.SimpleServiceProtocol {
    let tasks: TaskManager

    private func key(_ namespace: String, _ id: String) throws -> TaskKey {
        guard !id.isEmpty else { throw RPCErrors.invalid("container id is required") }
        return TaskKey(namespace: try RPCErrors.namespace(namespace), id: id)
    }

    func create(request: Berth_Supervisor_V1_CreateTaskRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_CreateTaskResponse {
        try await RPCErrors.guarded {
            let key = try key(request.namespace, request.containerID)
            let mounts = request.rootfs.map { BerthSnapshots.Mount(type: $0.type, source: $0.source, target: $0.target.isEmpty ? nil : $0.target, options: $0.options) }
            let pid = try await tasks.create(key, .init(rootfs: mounts, stdin: request.stdin, stdout: request.stdout, stderr: request.stderr,
                                                        terminal: request.terminal, logPath: request.logPath))
            var response = Berth_Supervisor_V1_CreateTaskResponse()
            response.containerID = key.id
            response.pid = UInt32(pid)
            return response
        }
    }

    func start(request: Berth_Supervisor_V1_StartRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_StartResponse {
        try await RPCErrors.guarded {
            var response = Berth_Supervisor_V1_StartResponse()
            response.pid = UInt32(try await tasks.start(try key(request.namespace, request.containerID), execID: request.execID))
            return response
        }
    }

    func delete(request: Berth_Supervisor_V1_DeleteTaskRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_DeleteResponse {
        try await RPCErrors.guarded {
            let key = try key(request.namespace, request.containerID)
            return Self.deleteResponse(id: key.id, try await tasks.delete(key))
        }
    }

    func deleteProcess(request: Berth_Supervisor_V1_DeleteProcessRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_DeleteResponse {
        try await RPCErrors.guarded {
            guard !request.execID.isEmpty else { throw RPCErrors.invalid("exec id is required") }
            let key = try key(request.namespace, request.containerID)
            return Self.deleteResponse(id: request.execID, try await tasks.deleteProcess(key, execID: request.execID))
        }
    }

    func get(request: Berth_Supervisor_V1_GetRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_GetResponse {
        try await RPCErrors.guarded {
            let key = try key(request.namespace, request.containerID)
            var response = Berth_Supervisor_V1_GetResponse()
            response.process = Self.process(key.id, try await tasks.state(key, execID: request.execID))
            return response
        }
    }

    func list(request: Berth_Supervisor_V1_ListTasksRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_ListTasksResponse {
        try await RPCErrors.guarded {
            let namespace = try RPCErrors.namespace(request.namespace)
            let filter = try EventFilter(request.filter.isEmpty ? [] : [request.filter])
            var response = Berth_Supervisor_V1_ListTasksResponse()
            for handle in tasks.handles(namespace: namespace) {
                guard let state = try? await tasks.state(handle.key, execID: "") else { continue }
                let process = Self.process(handle.key.id, state)
                let status = Self.statusName(process.status)
                guard filter.matches({ field in
                    switch field {
                    case "id", "container_id": return handle.key.id
                    case "status": return status
                    case "pid": return String(process.pid)
                    default: return nil
                    }
                }) else { continue }
                response.tasks.append(process)
            }
            return response
        }
    }

    func kill(request: Berth_Supervisor_V1_KillRequest, context: ServerContext) async throws -> Google_Protobuf_Empty {
        try await RPCErrors.guarded {
            guard request.signal > 0, request.signal < 65 else { throw RPCErrors.invalid("invalid signal \(request.signal)") }
            try await tasks.kill(try key(request.namespace, request.containerID), execID: request.execID,
                                 signal: Int32(request.signal), all: request.all)
            return Google_Protobuf_Empty()
        }
    }

    func exec(request: Berth_Supervisor_V1_ExecProcessRequest, context: ServerContext) async throws -> Google_Protobuf_Empty {
        try await RPCErrors.guarded {
            guard !request.execID.isEmpty else { throw RPCErrors.invalid("exec id is required") }
            guard !request.spec.isEmpty else { throw RPCErrors.invalid("exec \(request.execID): process spec is required") }
            let exec = ExecRequest(execID: request.execID, spec: String(decoding: request.spec, as: UTF8.self), terminal: request.terminal,
                                   stdin: request.stdin.nonEmpty, stdout: request.stdout.nonEmpty, stderr: request.stderr.nonEmpty)
            try await tasks.exec(try key(request.namespace, request.containerID), exec)
            return Google_Protobuf_Empty()
        }
    }

    func resizePty(request: Berth_Supervisor_V1_ResizePtyRequest, context: ServerContext) async throws -> Google_Protobuf_Empty {
        try await RPCErrors.guarded {
            try await tasks.resizePty(try key(request.namespace, request.containerID), execID: request.execID,
                                      width: request.width, height: request.height)
            return Google_Protobuf_Empty()
        }
    }

    func closeIO(request: Berth_Supervisor_V1_CloseIORequest, context: ServerContext) async throws -> Google_Protobuf_Empty {
        try await RPCErrors.guarded {
            try await tasks.closeIO(try key(request.namespace, request.containerID), execID: request.execID)
            return Google_Protobuf_Empty()
        }
    }

    func pause(request: Berth_Supervisor_V1_PauseTaskRequest, context: ServerContext) async throws -> Google_Protobuf_Empty {
        try await RPCErrors.guarded {
            try await tasks.pause(try key(request.namespace, request.containerID))
            return Google_Protobuf_Empty()
        }
    }

    func resume(request: Berth_Supervisor_V1_ResumeTaskRequest, context: ServerContext) async throws -> Google_Protobuf_Empty {
        try await RPCErrors.guarded {
            try await tasks.resume(try key(request.namespace, request.containerID))
            return Google_Protobuf_Empty()
        }
    }

    func listPids(request: Berth_Supervisor_V1_ListPidsRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_ListPidsResponse {
        try await RPCErrors.guarded {
            var response = Berth_Supervisor_V1_ListPidsResponse()
            for info in try await tasks.pids(try key(request.namespace, request.containerID)) {
                var process = Berth_Supervisor_V1_ProcessInfo()
                process.pid = UInt32(info.pid)
                process.execID = info.execID ?? ""
                response.processes.append(process)
            }
            return response
        }
    }

    func update(request: Berth_Supervisor_V1_UpdateTaskRequest, context: ServerContext) async throws -> Google_Protobuf_Empty {
        try await RPCErrors.guarded {
            guard !request.resources.isEmpty else { throw RPCErrors.invalid("resources are required") }
            try await tasks.update(try key(request.namespace, request.containerID), resources: String(decoding: request.resources, as: UTF8.self))
            return Google_Protobuf_Empty()
        }
    }

    func metrics(request: Berth_Supervisor_V1_MetricsRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_MetricsResponse {
        try await RPCErrors.guarded {
            let namespace = try RPCErrors.namespace(request.namespace)
            let filter = try EventFilter(request.filters)
            var response = Berth_Supervisor_V1_MetricsResponse()
            for handle in tasks.handles(namespace: namespace) where handle.dead == nil {
                guard filter.matches({ $0 == "id" || $0 == "container_id" ? handle.key.id : nil }) else { continue }
                guard let json = try? await tasks.stats(handle.key) else { continue }
                var metric = Berth_Supervisor_V1_Metric()
                metric.id = handle.key.id
                metric.timestamp = ProtoTime.from(date: Date())
                metric.data = Data(json.utf8)
                response.metrics.append(metric)
            }
            return response
        }
    }

    func wait(request: Berth_Supervisor_V1_WaitRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_WaitResponse {
        try await RPCErrors.guarded {
            let exit = try await tasks.wait(try key(request.namespace, request.containerID), execID: request.execID)
            var response = Berth_Supervisor_V1_WaitResponse()
            response.exitStatus = exit.exitStatus
            if let at = exit.exitedAt, let nanos = Timestamp.unixNanos(rfc3339: at) { response.exitedAt = ProtoTime.from(nanos: nanos) }
            return response
        }
    }

    // MARK: conversions

    static func deleteResponse(id: String, _ exit: ExitResponse) -> Berth_Supervisor_V1_DeleteResponse {
        var response = Berth_Supervisor_V1_DeleteResponse()
        response.id = id
        response.pid = UInt32(max(0, exit.pid))
        response.exitStatus = exit.exitStatus
        if let at = exit.exitedAt, let nanos = Timestamp.unixNanos(rfc3339: at) { response.exitedAt = ProtoTime.from(nanos: nanos) }
        return response
    }

    static func process(_ containerID: String, _ state: StateResponse) -> Berth_Supervisor_V1_Process {
        var process = Berth_Supervisor_V1_Process()
        process.containerID = containerID
        process.id = state.execID ?? containerID
        process.pid = UInt32(max(0, state.pid))
        switch state.status {
        case .created: process.status = .created
        case .running: process.status = .running
        case .paused: process.status = .paused
        case .stopped: process.status = .stopped
        case .unknown: process.status = .unknown
        }
        process.stdin = state.stdin ?? ""
        process.stdout = state.stdout ?? ""
        process.stderr = state.stderr ?? ""
        process.terminal = state.terminal
        process.exitStatus = state.exitStatus
        if let at = state.exitedAt, let nanos = Timestamp.unixNanos(rfc3339: at) { process.exitedAt = ProtoTime.from(nanos: nanos) }
        return process
    }

    static func statusName(_ status: Berth_Supervisor_V1_ProcessStatus) -> String {
        switch status {
        case .created: return "created"
        case .running: return "running"
        case .stopped: return "stopped"
        case .paused: return "paused"
        case .pausing: return "pausing"
        default: return "unknown"
        }
    }
}
