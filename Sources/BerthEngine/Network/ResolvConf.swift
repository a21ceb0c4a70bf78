import BerthLinux

/// The container's /etc/resolv.conf, derived from the host's like dockerd's legacy (pre-25) libnetwork
/// resolvconf: loopback nameservers are useless inside a network namespace, so they are dropped; if
/// none is left, Google's public DNS is used. `--dns`, `--dns-search` and `--dns-option` replace the
/// corresponding host values (a `--dns-search .` means no search domains).
public struct ResolvConf: Sendable, Equatable {
    public static let defaultIPv4Nameservers = ["8.8.8.8", "8.8.4.4"]
    public static let defaultIPv6Nameservers = ["2001:4860:4860::8888", "2001:4860:4860::8844"]
    public static let hostPath = "/etc/resolv.conf"
    /// systemd-resolved's real upstream list, used when /etc/resolv.conf only points at 127.0.0.53.
    public static let systemdResolvedPath = "/run/systemd/resolve/resolv.conf"

    public var content: String

    /// - Parameters:
    ///   - hostContent: the host's resolv.conf (see `hostSource`).
    ///   - ipv6: keep IPv6 nameservers (and fall back to Google's IPv6 ones as well).
    public init(hostContent: String, dns: [String] = [], dnsSearch: [String] = [], dnsOptions: [String] = [], ipv6: Bool = false) {
        if dns.isEmpty && dnsSearch.isEmpty && dnsOptions.isEmpty {
            content = Self.filtered(hostContent, ipv6: ipv6)
            return
        }
        let nameservers = dns.isEmpty ? Self.nameservers(in: Self.filtered(hostContent, ipv6: ipv6)) : dns
        let search = dnsSearch.isEmpty ? Self.values(of: "search", in: hostContent) : dnsSearch
        let options = dnsOptions.isEmpty ? Self.values(of: "options", in: hostContent) : dnsOptions
        var out = ""
        if !search.isEmpty && search != ["."] { out += "search " + search.joined(separator: " ") + "\n" }
        for ns in nameservers { out += "nameserver \(ns)\n" }
        if !options.isEmpty { out += "options " + options.joined(separator: " ") + "\n" }
        content = out
    }

    /// Reads the host's resolv.conf, preferring systemd-resolved's upstream file when the stub
    /// resolver is all /etc/resolv.conf names (docker's resolvconf.Path()).
    public static func hostSource(etcPath: String = hostPath, systemdPath: String = systemdResolvedPath) -> (path: String, content: String) {
        let etc = (try? FileIO.readString(etcPath)) ?? ""
        let servers = nameservers(in: etc)
        if servers == ["127.0.0.53"], let resolved = try? FileIO.readString(systemdPath) {
            return (systemdPath, resolved)
        }
        return (etcPath, etc)
    }

    /// The host file without localhost nameservers (and without IPv6 ones unless `ipv6`), with the
    /// default nameservers appended when none remain.
    static func filtered(_ text: String, ipv6: Bool) -> String {
        var lines: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.first == "nameserver", fields.count >= 2 {
                let address = String(fields[1])
                if isLocalhost(address) { continue }
                if !ipv6 && address.contains(":") { continue }
            }
            lines.append(line)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        var out = lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
        if nameservers(in: out).isEmpty {
            let defaults = defaultIPv4Nameservers + (ipv6 ? defaultIPv6Nameservers : [])
            for ns in defaults { out += "nameserver \(ns)\n" }
        }
        return out
    }

    /// 127.0.0.0/8 and ::1 (libnetwork's localhost regexp).
    static func isLocalhost(_ address: String) -> Bool {
        address.hasPrefix("127.") || address == "::1" || address == "0:0:0:0:0:0:0:1"
    }

    static func nameservers(in text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.first == "nameserver", fields.count >= 2 else { return nil }
            return String(fields[1])
        }
    }

    /// The fields of the last `search`/`options` line (the resolver honours the last one).
    static func values(of keyword: String, in text: String) -> [String] {
        var result: [String] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if fields.first == keyword { result = Array(fields.dropFirst()) }
        }
        return result
    }
}
