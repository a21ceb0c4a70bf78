/// The container's /etc/hosts as dockerd writes it (libnetwork etchosts.Build): the loopback and
/// IPv6 well-known entries, `--add-host` entries, then the container's own address and name.
public struct HostsFile: Sendable, Equatable {
    public struct Record: Sendable, Equatable {
        public var hosts: String
        public var ip: String
        public init(hosts: String, ip: String) {
            self.hosts = hosts
            self.ip = ip
        }
    }

    public static let ipv4Defaults = [Record(hosts: "localhost", ip: "127.0.0.1")]
    public static let ipv6Defaults = [
        Record(hosts: "localhost ip6-localhost ip6-loopback", ip: "::1"),
        Record(hosts: "ip6-localnet", ip: "fe00::0"),
        Record(hosts: "ip6-mcastprefix", ip: "ff00::0"),
        Record(hosts: "ip6-allnodes", ip: "ff02::1"),
        Record(hosts: "ip6-allrouters", ip: "ff02::2"),
    ]

    public var records: [Record]

    /// - Parameters:
    ///   - ip: the container's address on its network; nil (e.g. `--network none`) writes no self entry.
    ///   - extraHosts: `--add-host` values, `name:ip` (or docker 25+'s `name=ip`).
    ///   - ipv6: false drops the IPv6 block, as dockerd does for containers without IPv6.
    public init(hostname: String, domainname: String = "", ip: String?, extraHosts: [String] = [], ipv6: Bool = true) {
        records = Self.ipv4Defaults + (ipv6 ? Self.ipv6Defaults : [])
        for entry in extraHosts {
            guard let record = Self.parseExtraHost(entry) else { continue }
            records.append(record)
        }
        if let ip, !ip.isEmpty {
            let names = domainname.isEmpty ? hostname : "\(hostname).\(domainname) \(hostname)"
            records.append(Record(hosts: names, ip: ip))
        }
    }

    /// `host:ip` or `host=ip`; the address may itself contain colons (IPv6), so split at the first separator.
    static func parseExtraHost(_ entry: String) -> Record? {
        let separator: Character = entry.contains("=") ? "=" : ":"
        guard let index = entry.firstIndex(of: separator) else { return nil }
        let host = String(entry[..<index])
        var ip = String(entry[entry.index(after: index)...])
        if ip.hasPrefix("[") && ip.hasSuffix("]") { ip = String(ip.dropFirst().dropLast()) }
        guard !host.isEmpty, !ip.isEmpty else { return nil }
        return Record(hosts: host, ip: ip)
    }

    /// One `ip\thosts` line per record.
    public var content: String {
        records.map { "\($0.ip)\t\($0.hosts)\n" }.joined()
    }
}
