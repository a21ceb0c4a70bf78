import BerthContent
import BerthCore
import BerthSupervisorAPI
import FoundationEssentials
import GRPCCore
import GRPCNIOTransportHTTP2
#if canImport(Glibc)
import Glibc
#endif

/// Writes blobs into the supervisor's content store through the Content service, under a lease so
/// the garbage collector cannot take them between the write and the image record that references
/// them. `finish()` drops the lease once the record exists.
struct BlobUploader: Sendable {
    let link: SupervisorLink
    let lease: String

    private var leases: Berth_Supervisor_V1_Leases.Client<HTTP2ClientTransport.Posix> { .init(wrapping: link.client) }

    static func start(link: SupervisorLink) async throws -> BlobUploader {
        var request = Berth_Supervisor_V1_CreateLeaseRequest()
        request.namespace = SupervisorLink.namespace
        request.labels = ["berth.engine/purpose": "image-write"]
        let leases = Berth_Supervisor_V1_Leases.Client(wrapping: link.client)
        let lease = try await SupervisorErrors.translating { try await leases.create(request).lease.id }
        return BlobUploader(link: link, lease: lease)
    }

    func finish() async {
        var request = Berth_Supervisor_V1_DeleteLeaseRequest()
        request.namespace = SupervisorLink.namespace
        request.id = lease
        _ = try? await leases.delete(request)
    }

    /// An in-memory blob (a config, a manifest).
    func write(_ bytes: [UInt8]) async throws -> Digest {
        let digest = SHA256Hasher.digest(bytes)
        try await upload(expected: digest, total: Int64(bytes.count)) { send in
            var offset = 0
            while offset < bytes.count || offset == 0 {
                let end = min(bytes.count, offset + (1 << 20))
                try await send(Array(bytes[offset..<end]), Int64(offset))
                offset = end
                if bytes.isEmpty { break }
            }
        }
        return digest
    }

    /// A file whose digest and size are already known (a layer written to scratch space).
    func write(file path: String, digest: Digest, size: Int64) async throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw BerthError(.system, "open \(path)", cause: String(cString: strerror(errno))) }
        defer { close(fd) }
        try await upload(expected: digest, total: size) { send in
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            var offset: Int64 = 0
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw BerthError(.system, "read \(path)", cause: String(cString: strerror(errno)))
                }
                if n == 0 { break }
                try await send(Array(buffer[0..<n]), offset)
                offset += Int64(n)
            }
        }
    }

    /// True (and the blob held by this lease) when the store already has `digest`.
    func holdIfPresent(_ digest: Digest) async throws -> Bool {
        var info = Berth_Supervisor_V1_InfoRequest()
        info.namespace = SupervisorLink.namespace
        info.digest = digest.description
        guard (try? await link.content.info(info)) != nil else { return false }
        // Already stored for this namespace: the lease only has to hold it.
        var add = Berth_Supervisor_V1_AddResourceRequest()
        add.namespace = SupervisorLink.namespace
        add.id = lease
        add.resource.id = digest.description
        add.resource.type = "content"
        _ = try await SupervisorErrors.translating { try await leases.addResource(add) }
        return true
    }

    /// Streams a downloaded blob under a ref named after its digest, so an interrupted download
    /// leaves an ingest (never a blob) that the next attempt resumes: `produce` gets the offset
    /// the ingest already holds and sends the bytes from there. The supervisor verifies the whole
    /// blob against `expected` before it becomes content.
    func writeResumable(expected: Digest, size: Int64,
                        produce: @escaping @Sendable (_ offset: Int64, _ send: (_ bytes: [UInt8], _ offset: Int64) async throws -> Void) async throws -> Void) async throws {
        if try await holdIfPresent(expected) { return }
        let ref = "berth-pull-\(expected.encoded)"
        var status = Berth_Supervisor_V1_StatusRequest()
        status.namespace = SupervisorLink.namespace
        status.ref = ref
        var offset = (try? await link.content.status(status))?.status.offset ?? 0
        if offset > size { offset = 0 }
        let start = offset
        try await stream(expected: expected, total: size, ref: ref) { send in
            try await produce(start, send)
        }
    }

    private func upload(expected: Digest, total: Int64,
                        _ produce: @escaping @Sendable (_ send: (_ bytes: [UInt8], _ offset: Int64) async throws -> Void) async throws -> Void) async throws {
        if try await holdIfPresent(expected) { return }
        try await stream(expected: expected, total: total, ref: "berth-engine-\(expected.encoded)-\(UInt32.random(in: 0..<UInt32.max))", produce)
    }

    private func stream(expected: Digest, total: Int64, ref: String,
                        _ produce: @escaping @Sendable (_ send: (_ bytes: [UInt8], _ offset: Int64) async throws -> Void) async throws -> Void) async throws {
        let lease = self.lease
        let request = StreamingClientRequest<Berth_Supervisor_V1_WriteContentRequest> { writer in
            var header = Berth_Supervisor_V1_WriteContentRequest()
            header.namespace = SupervisorLink.namespace
            header.ref = ref
            header.total = total
            header.expected = expected.description
            header.lease = lease
            header.action = .stat
            try await writer.write(header)
            try await produce { bytes, offset in
                var message = header
                message.action = .write
                message.offset = offset
                message.data = Data(bytes)
                try await writer.write(message)
            }
            var commit = header
            commit.action = .commit
            commit.offset = total
            try await writer.write(commit)
        }
        let committed = try await SupervisorErrors.translating {
            try await link.content.write(request: request) { response in
                var digest = ""
                for try await message in response.messages where !message.digest.isEmpty { digest = message.digest }
                return digest
            }
        }
        guard committed == expected.description else {
            throw BerthError(.system, "content write \(expected): the supervisor committed \(committed.isEmpty ? "nothing" : committed)")
        }
    }
}
