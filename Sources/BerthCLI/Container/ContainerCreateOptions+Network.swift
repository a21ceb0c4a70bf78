import BerthEngineAPI

/// One `--network` value (docker's opts.NetworkAttachmentOpts): a plain network name, or the long
/// syntax `name=n,alias=a,ip=…,ip6=…,mac-address=…,link-local-ip=…,driver-opt=k=v,gw-priority=N`.
struct NetworkAttachment: Equatable {
    struct Invalid: Error { var message: String }

    var target = ""
    var aliases: [String] = []
    var ipv4Address = ""
    var ipv6Address = ""
    var macAddress = ""
    var linkLocalIPs: [String] = []
    var driverOpts: [String: String] = [:]
    var gwPriority = 0

    init(target: String) { self.target = target }

    /// opts.NetworkOpt.Set. The long syntax is recognised as docker does, by a `word=word` anywhere
    /// in the value. docker lowercases each field, key and value, before reading it; so does this.
    init(parsing value: String) throws {
        guard Self.looksLong(value) else {
            target = value
            return
        }
        for field in Self.csvFields(value) {
            let lowered = field.lowercased()
            guard let eq = lowered.firstIndex(of: "="), eq != lowered.startIndex else { throw Invalid(message: "invalid field \(field)") }
            let key = lowered[..<eq].trimmingASCIISpaces, val = lowered[lowered.index(after: eq)...].trimmingASCIISpaces
            switch key {
            case "name": target = val
            case "alias": aliases.append(val)
            case "ip": ipv4Address = val
            case "ip6": ipv6Address = val
            case "mac-address": macAddress = val
            case "link-local-ip": linkLocalIPs.append(val)
            case "driver-opt":
                let kv = val.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let k = kv[0].trimmingASCIISpaces
                guard kv.count == 2, !k.isEmpty else { throw Invalid(message: "invalid key value pair format in driver options") }
                driverOpts[k] = kv[1].trimmingASCIISpaces
            case "gw-priority":
                guard let n = Int(val) else { throw Invalid(message: "invalid gw-priority: strconv.Atoi: parsing \"\(val)\": invalid syntax") }
                gwPriority = n
            default: throw Invalid(message: "invalid field key \(key)")
            }
        }
        if target.isEmpty { throw Invalid(message: "network name not specified") }
    }

    /// regexp `\w+=\w+(,\w+=\w+)*` matched anywhere: a word character on each side of some `=`.
    static func looksLong(_ value: String) -> Bool {
        let chars = Array(value)
        func word(_ c: Character) -> Bool { c == "_" || (c.isASCII && (c.isLetter || c.isNumber)) }
        for i in chars.indices where chars[i] == "=" && i > 0 && i + 1 < chars.count {
            if word(chars[i - 1]) && word(chars[i + 1]) { return true }
        }
        return false
    }

    /// One CSV record (encoding/csv): commas split fields, double quotes group and `""` escapes.
    static func csvFields(_ value: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        var chars = Array(value)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { current.append("\""); chars = chars.dropFirst() } else { quoted = false }
                } else {
                    current.append(c)
                }
            } else if c == "\"" && current.isEmpty {
                quoted = true
            } else if c == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        fields.append(current)
        return fields
    }
}

extension ContainerCreateOptions {
    /// docker's parseNetworkOpts: the container-wide options (aliases, links, addresses, MAC) go to
    /// the first network (applyContainerOptions), or to "default" when no --network is given; a
    /// lone network without endpoint options sends no endpoint at all.
    static func endpoints(_ a: ParsedArguments, networks: [NetworkAttachment]) throws -> [String: EndpointSettings] {
        func conflict(_ m: String) -> CLIError { .message("conflicting options: " + m, status: 125) }
        let aliases = a.list("network-alias"), links = a.list("link"), linkLocal = a.list("link-local-ip")
        let ip = a.string("ip") ?? "", ip6 = a.string("ip6") ?? "", mac = a.string("mac-address") ?? ""
        func applyContainerOptions(_ n: NetworkAttachment) throws -> (NetworkAttachment, [String]?) {
            var n = n
            if !n.aliases.isEmpty && !aliases.isEmpty { throw conflict("cannot specify both --network-alias and per-network alias") }
            if !n.ipv4Address.isEmpty && !ip.isEmpty { throw conflict("cannot specify both --ip and per-network IPv4 address") }
            if !n.ipv6Address.isEmpty && !ip6.isEmpty { throw conflict("cannot specify both --ip6 and per-network IPv6 address") }
            if !n.macAddress.isEmpty && !mac.isEmpty { throw conflict("cannot specify both --mac-address and per-network MAC address") }
            if !n.linkLocalIPs.isEmpty && !linkLocal.isEmpty {
                throw conflict("cannot specify both --link-local-ip and per-network link-local IP addresses")
            }
            if !aliases.isEmpty { n.aliases = aliases }
            if !ip.isEmpty { n.ipv4Address = ip }
            if !ip6.isEmpty { n.ipv6Address = ip6 }
            if !mac.isEmpty { n.macAddress = mac }
            if !linkLocal.isEmpty { n.linkLocalIPs = linkLocal }
            // --link on the default bridge is a legacy link (HostConfig.Links only); on a
            // user-defined network it is also an endpoint option.
            return (n, isUserDefined(n.target) && !links.isEmpty ? links : nil)
        }
        if networks.isEmpty {
            let (n, l) = try applyContainerOptions(NetworkAttachment(target: "default"))
            return ["default": try endpoint(n, links: l)]
        }
        var endpoints: [String: EndpointSettings] = [:]
        for (i, n) in networks.enumerated() {
            let (applied, l) = i == 0 ? try applyContainerOptions(n) : (n, nil)
            let e = try endpoint(applied, links: l)
            if endpoints[n.target] != nil {
                throw CLIError.message("network \"\(n.target)\" is specified multiple times", status: 125)
            }
            if i == 0 && networks.count == 1 && e == EndpointSettings() { continue }
            endpoints[n.target] = e
        }
        let userDefined = networks.map { isUserDefined($0.target) }
        if userDefined.contains(true) && userDefined.contains(false) {
            throw conflict("cannot attach both user-defined and non-user-defined network-modes")
        }
        return endpoints
    }

    /// docker's parseNetworkAttachmentOpt: aliases need a user-defined network.
    static func endpoint(_ n: NetworkAttachment, links: [String]?) throws -> EndpointSettings {
        if !isUserDefined(n.target) && !n.aliases.isEmpty {
            throw CLIError.message("network-scoped aliases are only supported for user-defined networks", status: 125)
        }
        var e = EndpointSettings(links: links, aliases: n.aliases.isEmpty ? nil : n.aliases,
                                 driverOpts: n.driverOpts.isEmpty ? nil : n.driverOpts, gwPriority: n.gwPriority, macAddress: n.macAddress)
        if !n.ipv4Address.isEmpty || !n.ipv6Address.isEmpty || !n.linkLocalIPs.isEmpty {
            e.ipamConfig = EndpointIPAMConfig(ipv4Address: n.ipv4Address, ipv6Address: n.ipv6Address,
                                              linkLocalIPs: n.linkLocalIPs.isEmpty ? nil : n.linkLocalIPs)
        }
        return e
    }

    /// container.NetworkMode.IsUserDefined: anything but default, bridge, host, none and container:<id>.
    static func isUserDefined(_ mode: String) -> Bool {
        !["default", "bridge", "host", "none"].contains(mode) && !mode.hasPrefix("container:")
    }
}

extension Substring {
    /// strings.TrimSpace for the ASCII whitespace option values can carry.
    fileprivate var trimmingASCIISpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0B}" || $0 == "\u{0C}" }
        return String(self.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
