import BerthContent
import BerthCore
import BerthMetadata
import BerthSupervisorAPI
import FoundationEssentials
import GRPCCore
import SwiftProtobuf

struct ContentService: Berth_Supervisor_V1_Content.SimpleServiceProtocol {
    let supervisor: Supervisor
    private var store: ContentStore { supervisor.content }
    private var records: ContentRepository { supervisor.metadata.content }

    private func digest(_ text: String) throws -> Digest {
        do { return try Digest(parsing: text) } catch { throw RPCErrors.map(error) }
    }

    func info(request: Berth_Supervisor_V1_InfoRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_InfoResponse {
        try await RPCErrors.guarded {
            var response = Berth_Supervisor_V1_InfoResponse()
            response.info = Self.proto(try records.info(namespace: try RPCErrors.namespace(request.namespace), digest: try digest(request.digest)))
            return response
        }
    }

    func update(request: Berth_Supervisor_V1_UpdateContentRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_UpdateContentResponse {
        try await RPCErrors.guarded {
            let namespace = try RPCErrors.namespace(request.namespace)
            var record = try records.info(namespace: namespace, digest: try digest(request.info.digest))
            record.labels = request.info.labels
            var response = Berth_Supervisor_V1_UpdateContentResponse()
            response.info = Self.proto(try records.update(namespace: namespace, record: record, fieldPaths: request.updateMask.paths))
            return response
        }
    }

    func list(request: Berth_Supervisor_V1_ListContentRequest, response: RPCWriter<Berth_Supervisor_V1_ListContentResponse>, context: ServerContext) async throws {
        let all = try await RPCErrors.guarded { try records.list(namespace: try RPCErrors.namespace(request.namespace), filters: request.filters) }
        var start = 0
        repeat {
            var page = Berth_Supervisor_V1_ListContentResponse()
            page.info = all[start..<min(start + 100, all.count)].map(Self.proto)
            try await response.write(page)
            start += 100
        } while start < all.count
    }

    func delete(request: Berth_Supervisor_V1_DeleteContentRequest, context: ServerContext) async throws -> Google_Protobuf_Empty {
        try await RPCErrors.guarded {
            let namespace = try RPCErrors.namespace(request.namespace)
            let digest = try digest(request.digest)
            // The namespace forgets the blob; the collector removes it once no namespace holds it.
            try records.delete(namespace: namespace, digest: digest)
            supervisor.events.publish(namespace: namespace, topic: "/content/delete", ["digest": digest.description])
            return Google_Protobuf_Empty()
        }
    }

    func read(request: Berth_Supervisor_V1_ReadContentRequest, response: RPCWriter<Berth_Supervisor_V1_ReadContentResponse>, context: ServerContext) async throws {
        let digest = try self.digest(request.digest)
        let size: Int64 = try await RPCErrors.guarded {
            try records.info(namespace: try RPCErrors.namespace(request.namespace), digest: digest).size
        }
        guard request.offset >= 0, request.offset <= size else {
            throw RPCErrors.invalid("content \(digest): offset \(request.offset) is outside the blob (size \(size))")
        }
        let end = request.size > 0 ? min(size, request.offset + request.size) : size
        var offset = request.offset
        repeat {
            let length = Int(min(Int64(1 << 20), end - offset))
            let bytes = try await RPCErrors.guarded { try store.read(digest, offset: offset, size: length) }
            var chunk = Berth_Supervisor_V1_ReadContentResponse()
            chunk.offset = offset
            chunk.data = Data(bytes)
            try await response.write(chunk)
            offset += Int64(bytes.count)
            if bytes.isEmpty { break }
        } while offset < end
    }

    func status(request: Berth_Supervisor_V1_StatusRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_StatusResponse {
        try await RPCErrors.guarded {
            _ = try RPCErrors.namespace(request.namespace)
            var response = Berth_Supervisor_V1_StatusResponse()
            response.status = Self.proto(try store.status(ref: Self.scopedRef(request.namespace, request.ref)), namespace: request.namespace)
            return response
        }
    }

    func listStatuses(request: Berth_Supervisor_V1_ListStatusesRequest, context: ServerContext) async throws -> Berth_Supervisor_V1_ListStatusesResponse {
        try await RPCErrors.guarded {
            let namespace = try RPCErrors.namespace(request.namespace)
            let filter = try EventFilter(request.filters)
            var response = Berth_Supervisor_V1_ListStatusesResponse()
            response.statuses = try store.ingests()
                .filter { $0.ref.hasPrefix(namespace + "/") }
                .map { Self.proto($0, namespace: namespace) }
                .filter { status in filter.matches { $0 == "ref" ? status.ref : nil } }
            return response
        }
    }

    func write(request: RPCAsyncSequence<Berth_Supervisor_V1_WriteContentRequest, any Error>,
               response: RPCWriter<Berth_Supervisor_V1_WriteContentResponse>, context: ServerContext) async throws {
        var writer: ContentWriter?
        var namespace = ""
        var lease = ""
        defer { writer?.close() }
        do {
            for try await message in request {
                if writer == nil {
                    namespace = try RPCErrors.namespace(message.namespace)
                    guard !message.ref.isEmpty else { throw RPCErrors.invalid("write: ref is required") }
                    lease = message.lease
                    let expected = message.expected.isEmpty ? nil : try digest(message.expected)
                    if let expected, store.exists(expected) {
                        // Already stored: record it for this namespace and report it as committed.
                        let size = try store.info(expected).size
                        _ = try? records.add(namespace: namespace, digest: expected, size: size, labels: message.labels)
                        try protect(namespace, lease: lease, expected)
                        var done = Berth_Supervisor_V1_WriteContentResponse()
                        done.action = .commit
                        done.digest = expected.description
                        done.offset = size
                        done.total = size
                        try await response.write(done)
                        return
                    }
                    writer = try store.writer(ref: Self.scopedRef(namespace, message.ref),
                                              total: message.total > 0 ? message.total : nil, expected: expected)
                }
                guard let current = writer else { continue }
                var reply = Berth_Supervisor_V1_WriteContentResponse()
                reply.action = message.action
                switch message.action {
                case .stat:
                    break
                case .write, .commit:
                    if !message.data.isEmpty {
                        guard message.offset == current.offset else {
                            throw RPCErrors.invalid("write \(message.ref): offset \(message.offset) does not match the ingest's \(current.offset)")
                        }
                        try message.data.withUnsafeBytes { try current.write($0) }
                    }
                    if message.action == .commit {
                        let expected = message.expected.isEmpty ? nil : try digest(message.expected)
                        let (ns, leaseID, size) = (namespace, lease, current.offset)
                        let committer = UncheckedBox(current)
                        let digest: Digest = try await supervisor.withStoreOperation {
                            let current = committer.value
                            let namespace = ns
                            let lease = leaseID
                            let committed = try current.commit(size: message.total > 0 ? message.total : nil, expected: expected)
                            _ = try? records.add(namespace: namespace, digest: committed, size: size, labels: message.labels)
                            try protect(namespace, lease: lease, committed)
                            return committed
                        }
                        writer = nil
                        reply.digest = digest.description
                    }
                case .UNRECOGNIZED(let value):
                    throw RPCErrors.invalid("write: unknown action \(value)")
                }
                reply.offset = writer?.offset ?? current.offset
                reply.total = current.total ?? 0
                try await response.write(reply)
            }
        } catch {
            throw RPCErrors.map(error)
        }
    }

    func abort(request: Berth_Supervisor_V1_AbortRequest, context: ServerContext) async throws -> Google_Protobuf_Empty {
        try await RPCErrors.guarded {
            try store.abort(ref: Self.scopedRef(try RPCErrors.namespace(request.namespace), request.ref))
            return Google_Protobuf_Empty()
        }
    }

    private func protect(_ namespace: String, lease: String, _ digest: Digest) throws {
        guard !lease.isEmpty else { return }
        try supervisor.metadata.leases.addResource(namespace: namespace, leaseID: lease, resource: .content(digest.description))
    }

    /// Ingest refs are per namespace: two namespaces may use the same ref without sharing an ingest.
    static func scopedRef(_ namespace: String, _ ref: String) -> String { "\(namespace)/\(ref)" }

    static func proto(_ record: ContentRecord) -> Berth_Supervisor_V1_ContentInfo {
        var info = Berth_Supervisor_V1_ContentInfo()
        info.digest = record.digest.description
        info.size = record.size
        info.labels = record.labels
        info.createdAt = ProtoTime.from(nanos: record.createdAt)
        info.updatedAt = ProtoTime.from(nanos: record.updatedAt)
        return info
    }

    static func proto(_ status: IngestStatus, namespace: String) -> Berth_Supervisor_V1_IngestStatus {
        var out = Berth_Supervisor_V1_IngestStatus()
        out.ref = String(status.ref.dropFirst(namespace.count + 1))
        out.offset = status.offset
        out.total = status.total
        out.expected = status.expected?.description ?? ""
        out.startedAt = ProtoTime.from(nanos: status.startedAt)
        out.updatedAt = ProtoTime.from(nanos: status.updatedAt)
        return out
    }
}

/// Hands a value to a closure that must be @Sendable when the caller guarantees exclusive use: here a
/// ContentWriter that only this RPC's task touches, across one suspension point.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
