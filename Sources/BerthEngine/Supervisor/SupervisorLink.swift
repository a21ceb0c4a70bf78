import BerthCore
import BerthSupervisorAPI
import FoundationEssentials
import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization

/// berthd's one long-lived connection to berth-supervisor. The engine keeps its objects in its own
/// supervisor namespace ("berth"), as dockerd keeps its in containerd's "moby".
public final class SupervisorLink: Sendable {
    public static let namespace = "berth"
    public let socketPath: String
    let client: GRPCClient<HTTP2ClientTransport.Posix>
    private let connections: Task<Void, any Error>

    public init(socketPath: String) throws {
        self.socketPath = socketPath
        let transport = try HTTP2ClientTransport.Posix(
            target: .unixDomainSocket(path: socketPath), transportSecurity: .plaintext,
            config: .defaults {
                $0.http2.maxFrameSize = 1 << 20
                // Content.Read streams whole layers (push, save): a large window keeps them flowing.
                $0.http2.targetWindowSize = 16 << 20
                // The supervisor is local: after it restarts, reconnect within a second instead of the
                // default backoff (1 s growing to 120 s), which left berthd failing calls for a minute.
                $0.backoff = .init(initial: .milliseconds(100), max: .seconds(1), multiplier: 1.6, jitter: 0.2)
            })
        let client = GRPCClient(transport: transport)
        self.client = client
        connections = Task { try await client.runConnections() }
    }

    deinit { connections.cancel() }

    public func close() {
        client.beginGracefulShutdown()
    }

    var images: Berth_Supervisor_V1_Images.Client<HTTP2ClientTransport.Posix> { .init(wrapping: client) }
    var content: Berth_Supervisor_V1_Content.Client<HTTP2ClientTransport.Posix> { .init(wrapping: client) }
    var containers: Berth_Supervisor_V1_Containers.Client<HTTP2ClientTransport.Posix> { .init(wrapping: client) }
    var tasks: Berth_Supervisor_V1_Tasks.Client<HTTP2ClientTransport.Posix> { .init(wrapping: client) }
    var snapshots: Berth_Supervisor_V1_Snapshots.Client<HTTP2ClientTransport.Posix> { .init(wrapping: client) }
    var events: Berth_Supervisor_V1_Events.Client<HTTP2ClientTransport.Posix> { .init(wrapping: client) }
    var version: Berth_Supervisor_V1_Version.Client<HTTP2ClientTransport.Posix> { .init(wrapping: client) }

    /// Small blobs already read (manifests, indexes, configs). Content is addressed by digest, so an
    /// entry never goes stale; listing images or creating a container then costs no blob reads.
    private let smallBlobs = Mutex<[String: [UInt8]]>([:])
    static let cachedBlobLimit = 256 * 1024

    /// The whole blob, read through the Content service.
    func readBlob(_ digest: String) async throws -> [UInt8] {
        if let cached = smallBlobs.withLock({ $0[digest] }) { return cached }
        var request = Berth_Supervisor_V1_ReadContentRequest()
        request.namespace = Self.namespace
        request.digest = digest
        let bytes = try await content.read(request) { response in
            var bytes: [UInt8] = []
            for try await chunk in response.messages { bytes += chunk.data }
            return bytes
        }
        if bytes.count <= Self.cachedBlobLimit {
            smallBlobs.withLock { cache in
                if cache.count >= 1024 { cache.removeAll() }
                cache[digest] = bytes
            }
        }
        return bytes
    }
}
