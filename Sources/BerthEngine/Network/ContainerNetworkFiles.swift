import BerthCore
import BerthLinux

/// Writes /etc/hostname, /etc/hosts and /etc/resolv.conf for a container into its engine directory
/// (dockerd's `<container dir>/hostname`, `hosts`, `resolv.conf`), for `DockerSpecBuilder` to bind-mount.
public struct ContainerNetworkFiles: Sendable, Equatable {
    public var hostnamePath: String
    public var hostsPath: String
    public var resolvConfPath: String

    public init(directory: String) {
        hostnamePath = directory + "/hostname"
        hostsPath = directory + "/hosts"
        resolvConfPath = directory + "/resolv.conf"
    }

    /// Writes all three files atomically (not fsynced: they are rewritten at every start).
    /// - Parameters:
    ///   - hostResolvConf: the host's resolv.conf content; nil reads it (`ResolvConf.hostSource()`).
    ///   - hostNetwork: `--network host` shares the host's files verbatim (hosts and resolv.conf copied as is).
    public func write(hostname: String, domainname: String = "", ip: String?, extraHosts: [String] = [],
                      dns: [String] = [], dnsSearch: [String] = [], dnsOptions: [String] = [], ipv6: Bool = false,
                      hostNetwork: Bool = false, hostResolvConf: String? = nil, hostHosts: String? = nil) throws {
        try FileIO.writeAtomically(hostnamePath, Array((hostname + "\n").utf8), durable: false)
        let resolvSource = hostResolvConf ?? ResolvConf.hostSource().content
        let hosts: String
        let resolv: String
        if hostNetwork {
            hosts = (hostHosts ?? ((try? FileIO.readString("/etc/hosts")) ?? HostsFile(hostname: hostname, ip: nil).content))
                + extraHosts.compactMap(HostsFile.parseExtraHost).map { "\($0.ip)\t\($0.hosts)\n" }.joined()
            resolv = dns.isEmpty && dnsSearch.isEmpty && dnsOptions.isEmpty
                ? resolvSource
                : ResolvConf(hostContent: resolvSource, dns: dns, dnsSearch: dnsSearch, dnsOptions: dnsOptions, ipv6: true).content
        } else {
            hosts = HostsFile(hostname: hostname, domainname: domainname, ip: ip, extraHosts: extraHosts, ipv6: true).content
            resolv = ResolvConf(hostContent: resolvSource, dns: dns, dnsSearch: dnsSearch, dnsOptions: dnsOptions, ipv6: ipv6).content
        }
        try FileIO.writeAtomically(hostsPath, Array(hosts.utf8), durable: false)
        try FileIO.writeAtomically(resolvConfPath, Array(resolv.utf8), durable: false)
    }
}
