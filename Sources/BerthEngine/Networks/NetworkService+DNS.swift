import BerthCore
import BerthLinux
import BerthNetwork
import Glibc

extension NetworkService {
    /// The embedded resolver's address inside every container on a user network, as in Docker.
    static let resolverAddress = IPv4Address(127, 0, 0, 11)

    /// Opens 127.0.0.11:53 (UDP and TCP) inside the container's namespace and hands the sockets to
    /// the one DNS server of this process.
    func startDNS(_ containerID: String, namespace: String) async throws {
        let udp = try Self.boundSocket(in: namespace, type: SOCK_DGRAM)
        let tcp: Int32
        do {
            tcp = try Self.boundSocket(in: namespace, type: SOCK_STREAM)
        } catch {
            close(udp)
            throw error
        }
        guard listen(tcp, 64) == 0 else {
            close(udp)
            close(tcp)
            throw BerthError.sys("listen on 127.0.0.11:53/tcp in \(namespace)")
        }
        sandboxes[containerID]?.servesDNS = true
        dns.setScope(scope(for: containerID), for: containerID)
        try await dns.serve(scopeID: containerID, udpDescriptor: udp, tcpDescriptor: tcp)
    }

    static func boundSocket(in namespace: String, type: __socket_type) throws -> Int32 {
        let fd = try NetworkNamespace.socket(in: namespace, domain: AF_INET, type: Int32(type.rawValue), protocol: 0)
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if case .failure(let failure) = IPv4Socket.bind(fd, address: resolverAddress, port: 53) {
            close(fd)
            throw BerthError.sys("bind 127.0.0.11:53 in \(namespace)", errno: failure.code)
        }
        return fd
    }

    /// Names a container resolves: every container sharing one of its DNS-enabled networks, by name,
    /// short id, aliases and `name.network`, plus its own `--link` aliases.
    func scope(for containerID: String) -> DNSScope {
        guard let mine = sandboxes[containerID] else { return DNSScope() }
        var records: [String: [IPv4Address]] = [:]
        func add(_ name: String, _ ip: IPv4Address) {
            let key = name.lowercased()
            if !(records[key]?.contains(ip) ?? false) { records[key, default: []].append(ip) }
        }
        let myNetworks = Set(mine.state.endpoints.filter { self.records[$0.networkID]?.hasEmbeddedDNS == true }.map(\.networkID))
        var byName: [String: IPv4Address] = [:]
        for (_, other) in sandboxes {
            for endpoint in other.state.endpoints where myNetworks.contains(endpoint.networkID) {
                guard let ip = endpoint.address else { continue }
                byName[other.containerName] = byName[other.containerName] ?? ip
                for name in endpoint.dnsNames { add(name, ip) }
                add(other.containerName + "." + endpoint.networkName, ip)
            }
        }
        for (alias, target) in mine.linkAliases {
            if let ip = byName[target] { add(alias, ip) }
        }
        return DNSScope(records: records, upstreams: mine.upstreams)
    }

    /// Pushes fresh scopes to every container the DNS server answers for.
    func refreshDNSScopes() {
        for (id, sandbox) in sandboxes where sandbox.servesDNS {
            dns.setScope(scope(for: id), for: id)
        }
    }

    /// `--dns`, else the daemon's `dns`, else the host's resolv.conf nameservers (loopback ones too:
    /// the forwarder runs in berthd's own namespace, where they work).
    func upstreams(_ requested: [String]) -> [DNSUpstream] {
        var servers = requested.isEmpty ? options.dns : requested
        if servers.isEmpty {
            let content = (try? FileIO.readString("/etc/resolv.conf")) ?? ""
            for line in content.split(separator: "\n") {
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                if fields.count >= 2, fields[0] == "nameserver" { servers.append(String(fields[1])) }
            }
        }
        return servers.compactMap { IPv4Address($0) }.filter { $0 != Self.resolverAddress }.map { DNSUpstream(address: $0, port: 53) }
    }
}
