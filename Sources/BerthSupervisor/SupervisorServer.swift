import BerthCore
import BerthLinux
import BerthSupervisorAPI
import FoundationEssentials
import GRPCCore
import GRPCNIOTransportHTTP2
#if canImport(Glibc)
import Glibc
#endif

/// Serves every service on the supervisor's unix socket.
public struct SupervisorServer: Sendable {
    let supervisor: Supervisor

    public init(supervisor: Supervisor) {
        self.supervisor = supervisor
    }

    var services: [any RegistrableRPCService] {
        let s = supervisor
        return [
            VersionService(),
            EventsService(broker: s.events),
            ContainersService(metadata: s.metadata, events: s.events),
            TasksService(tasks: s.tasks),
            NamespacesService(supervisor: s),
            LeasesService(supervisor: s),
            SnapshotsService(supervisor: s),
            ContentService(supervisor: s),
            ImagesService(supervisor: s),
        ]
    }

    /// Recovers tasks left by an earlier run, then serves until cancelled.
    public func run(onReady: @Sendable () -> Void = {}) async throws {
        let path = supervisor.configuration.socketPath
        try FileIO.mkdirAll(String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]), mode: 0o711)
        // A stale socket from a killed supervisor would make bind fail; a live one means another
        // supervisor owns this path, which we must not steal.
        if FileIO.exists(path) {
            if UnixSocketProbe.accepts(path) { throw BerthError(.alreadyExists, "supervisor socket \(path) is in use by a running supervisor") }
            unlink(path)
        }
        let recovered = await supervisor.tasks.recover()
        SupervisorLog.info("recovered tasks: \(recovered.live) running shims, \(recovered.dead) dead, \(recovered.discarded) discarded")
        let transport = HTTP2ServerTransport.Posix(
            address: .unixDomainSocket(path: path),
            transportSecurity: .plaintext,
            config: .defaults {
                $0.rpc.maxRequestPayloadSize = 8 << 20
                // Blobs stream through Content.Write: HTTP/2's default 64 KB window and 16 KB frames made
                // every megabyte wait on a dozen WINDOW_UPDATE round trips.
                $0.http2.maxFrameSize = 1 << 20
                $0.http2.targetWindowSize = 16 << 20
            }
        )
        let server = GRPCServer(transport: transport, services: services)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await server.serve() }
            if let address = try await transport.listeningAddress.unixDomainSocket {
                chmod(address.path, 0o660)
                SupervisorLog.info("serving on \(address.path)")
                onReady()
            }
        }
    }
}
