import BerthCore
import Glibc
import NIOCore
import NIOPosix
import Synchronization

/// Docker's embedded resolver (127.0.0.11): one object in berthd serves every container. Each container
/// gets listeners (UDP and TCP) identified by a scope id; a query is answered from that scope's records or
/// forwarded to its upstreams. All listeners are NIO channels on the shared group, so hundreds of
/// containers cost sockets, not threads.
public final class EmbeddedDNSServer: Sendable {
    /// Accepted TCP connections that stay silent this long are closed.
    static let tcpIdleTimeout = TimeAmount.seconds(30)

    private struct State {
        /// Listeners and accepted TCP connections of each scope, closed together by `removeScope`.
        var channels: [String: [ObjectIdentifier: any Channel]] = [:]
        var isShutdown = false
        /// Bumped by `removeScope`, so a `serve` that was binding meanwhile closes its listeners instead of
        /// registering them under a scope the engine already dropped.
        var removals: [String: Int] = [:]
    }

    private let group: any EventLoopGroup
    private let scopes = DNSScopeTable()
    private let forwarder: DNSForwarder
    private let state = Mutex(State())

    public init(group: any EventLoopGroup) {
        self.group = group
        forwarder = DNSForwarder(group: group)
    }

    /// Replace the scope a listener answers from (the engine calls this when containers join/leave networks).
    /// Takes effect on the next query; a scope may be set before or after its listeners exist.
    public func setScope(_ scope: DNSScope, for scopeID: String) {
        scopes.set(scope, for: scopeID)
    }

    /// Forgets the scope and closes its listeners and open TCP connections.
    public func removeScope(_ scopeID: String) {
        scopes.remove(scopeID)
        let channels = state.withLock { state -> [ObjectIdentifier: any Channel]? in
            state.removals[scopeID, default: 0] += 1
            return state.channels.removeValue(forKey: scopeID)
        } ?? [:]
        for channel in channels.values { channel.close(promise: nil) }
    }

    /// Serves on sockets the caller created inside a container's network namespace (bound to 127.0.0.11:53).
    /// `udpDescriptor` must be a bound UDP socket; `tcpDescriptor` a bound TCP socket, listening or not (the
    /// server calls listen(2) itself). Takes ownership of both fds: they are closed on failure too.
    public func serve(scopeID: String, udpDescriptor: Int32, tcpDescriptor: Int32?) async throws {
        let generation = removals(of: scopeID)
        guard !isShutdown else {
            _ = Glibc.close(udpDescriptor)
            if let tcpDescriptor { _ = Glibc.close(tcpDescriptor) }
            throw BerthError(.illegalState, "dns server for scope \(scopeID) is shut down")
        }
        let udp: any Channel
        do {
            try Self.requireSocket(udpDescriptor, type: Int32(SOCK_DGRAM.rawValue), what: "udp")
            if let tcpDescriptor { try Self.requireSocket(tcpDescriptor, type: Int32(SOCK_STREAM.rawValue), what: "tcp") }
            udp = try await udpBootstrap(scopeID).withBoundSocket(udpDescriptor).get()
        } catch {
            _ = Glibc.close(udpDescriptor)
            if let tcpDescriptor { _ = Glibc.close(tcpDescriptor) }
            throw BerthError(.system, "cannot adopt dns udp socket \(udpDescriptor) for scope \(scopeID)",
                             cause: "\(error)")
        }
        var listeners = [udp]
        if let tcpDescriptor {
            do {
                // listen(2) on a listening socket only resets the backlog, so either state is accepted.
                guard listen(tcpDescriptor, 128) == 0 else {
                    throw BerthError(.system, "listen", cause: String(cString: strerror(errno)))
                }
                listeners.append(try await tcpBootstrap(scopeID).withBoundSocket(tcpDescriptor).get())
            } catch {
                _ = Glibc.close(tcpDescriptor)
                try? await udp.close()
                throw BerthError(.system, "cannot adopt dns tcp socket \(tcpDescriptor) for scope \(scopeID)",
                                 cause: "\(error)")
            }
        }
        try await register(listeners, for: scopeID, generation: generation)
    }

    /// Serves on `host:port` in the current network namespace, UDP and TCP on the same port. Port 0 picks a
    /// free port (retrying when TCP finds the UDP port taken). Returns the bound port.
    public func serve(scopeID: String, host: String, port: Int) async throws -> Int {
        let generation = removals(of: scopeID)
        guard !isShutdown else { throw BerthError(.illegalState, "dns server for scope \(scopeID) is shut down") }
        let attempts = port == 0 ? 8 : 1
        var lastError: (any Error)?
        for _ in 0..<attempts {
            let udp: any Channel
            do {
                udp = try await udpBootstrap(scopeID).bind(host: host, port: port).get()
            } catch {
                throw BerthError(.system, "cannot bind dns udp listener on \(host):\(port) for scope \(scopeID)",
                                 cause: "\(error)")
            }
            guard let bound = udp.localAddress?.port else {
                try? await udp.close()
                throw BerthError(.system, "dns udp listener on \(host):\(port) has no local port")
            }
            do {
                let tcp = try await tcpBootstrap(scopeID).bind(host: host, port: bound).get()
                try await register([udp, tcp], for: scopeID, generation: generation)
                return bound
            } catch {
                try? await udp.close()
                lastError = error
            }
        }
        throw BerthError(.system, "cannot bind dns tcp listener on \(host):\(port) for scope \(scopeID)",
                         cause: lastError.map { "\($0)" })
    }

    /// Closes every listener and connection; later `serve` calls fail.
    public func shutdown() async {
        let channels = state.withLock { state in
            state.isShutdown = true
            defer { state.channels.removeAll() }
            return state.channels.values.flatMap(\.values)
        }
        scopes.removeAll()
        for channel in channels { try? await channel.close() }
    }

    /// Checked before NIO adopts the fd, so a wrong fd from the engine is reported plainly instead of as an
    /// obscure channel error later.
    private static func requireSocket(_ fd: Int32, type expected: Int32, what: String) throws {
        var type: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) == 0 else {
            throw BerthError(.invalidArgument, "dns \(what) descriptor \(fd) is not a socket",
                             cause: String(cString: strerror(errno)))
        }
        guard type == expected else {
            throw BerthError(.invalidArgument, "dns \(what) descriptor \(fd) is a socket of the wrong type \(type)")
        }
    }

    private var isShutdown: Bool { state.withLock { $0.isShutdown } }

    private func removals(of scopeID: String) -> Int { state.withLock { $0.removals[scopeID, default: 0] } }

    private func register(_ channels: [any Channel], for scopeID: String, generation: Int) async throws {
        let accepted = state.withLock { state in
            guard !state.isShutdown, state.removals[scopeID, default: 0] == generation else { return false }
            for channel in channels { state.channels[scopeID, default: [:]][ObjectIdentifier(channel)] = channel }
            return true
        }
        guard accepted else {
            for channel in channels { try? await channel.close() }
            throw BerthError(.illegalState, "dns scope \(scopeID) was removed or the server shut down while binding")
        }
        for channel in channels { forgetOnClose(channel, scopeID: scopeID) }
    }

    /// A closed channel leaves the table, so long-lived scopes do not accumulate dead TCP connections.
    private func forgetOnClose(_ channel: any Channel, scopeID: String) {
        let key = ObjectIdentifier(channel)
        channel.closeFuture.whenComplete { [weak self] _ in
            self?.state.withLock { state in
                // Only if it is still this channel: ids of freed objects can be reused.
                if let current = state.channels[scopeID]?[key], current === channel {
                    state.channels[scopeID]?[key] = nil
                    if state.channels[scopeID]?.isEmpty == true { state.channels[scopeID] = nil }
                }
            }
        }
    }

    /// Tracks an accepted connection; closes it if the server shut down meanwhile.
    private func track(_ child: any Channel, scopeID: String) {
        let accepted = state.withLock { state in
            guard !state.isShutdown else { return false }
            state.channels[scopeID, default: [:]][ObjectIdentifier(child)] = child
            return true
        }
        if accepted { forgetOnClose(child, scopeID: scopeID) } else { child.close(promise: nil) }
    }

    private func udpBootstrap(_ scopeID: String) -> DatagramBootstrap {
        let scopes = scopes
        let forwarder = forwarder
        return DatagramBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        DNSUDPHandler(scopeID: scopeID, scopes: scopes, forwarder: forwarder))
                }
            }
    }

    private func tcpBootstrap(_ scopeID: String) -> ServerBootstrap {
        let scopes = scopes
        let forwarder = forwarder
        return ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [weak self] child in
                child.eventLoop.makeCompletedFuture {
                    let pipeline = child.pipeline.syncOperations
                    try pipeline.addHandler(IdleStateHandler(readTimeout: Self.tcpIdleTimeout))
                    try pipeline.addHandler(ByteToMessageHandler(DNSTCPFrameDecoder()))
                    try pipeline.addHandler(DNSTCPHandler(scopeID: scopeID, scopes: scopes, forwarder: forwarder))
                    self?.track(child, scopeID: scopeID)
                }
            }
    }
}
