import BerthCore
import BerthEngineAPI

/// `berth network create NAME`: POST /networks/create with the body docker 28 sends (every
/// CreateOptions field in Go's order, zero values included), then prints the new network's id.
public enum NetworkCreateCommand {
    public static let spec = CommandSpec(
        path: ["network", "create"], usage: "network create [OPTIONS] NETWORK", summary: "Create a network",
        flags: [
            FlagSpec("attachable", help: "Enable manual container attachment"),
            FlagSpec("aux-address", .list, valueName: "map", defaultValue: "map[]", help: "Auxiliary IPv4 or IPv6 addresses used by Network driver"),
            FlagSpec("config-from", .string, help: "The network from which to copy the configuration"),
            FlagSpec("config-only", help: "Create a configuration only network"),
            FlagSpec("driver", short: "d", .string, defaultValue: "bridge", help: "Driver to manage the Network"),
            FlagSpec("gateway", .list, valueName: "strings", help: "IPv4 or IPv6 Gateway for the master subnet"),
            FlagSpec("ingress", help: "Create swarm routing-mesh network"),
            FlagSpec("internal", help: "Restrict external access to the network"),
            FlagSpec("ip-range", .list, valueName: "strings", help: "Allocate container ip from a sub-range"),
            FlagSpec("ipam-driver", .string, defaultValue: "default", help: "IP Address Management Driver"),
            FlagSpec("ipam-opt", .list, valueName: "map", defaultValue: "map[]", help: "Set IPAM driver specific options"),
            FlagSpec("ipv4", defaultValue: "true", help: "Enable or disable IPv4 address assignment"),
            FlagSpec("ipv6", help: "Enable or disable IPv6 address assignment"),
            FlagSpec("label", .list, help: "Set metadata on a network"),
            FlagSpec("opt", short: "o", .list, valueName: "map", defaultValue: "map[]", help: "Set driver specific options"),
            FlagSpec("scope", .string, help: "Control the network's scope"),
            FlagSpec("subnet", .list, valueName: "strings", help: "Subnet in CIDR format that represents a network segment"),
        ],
        arguments: .exactly(1), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let a = ctx.arguments
        // --subnet, --ip-range and --gateway are pflag string slices: each value may hold several,
        // comma-separated.
        func slice(_ flag: String) -> [String] {
            a.list(flag).flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }
        let ipam = try consolidateIPAM(subnets: slice("subnet"), ranges: slice("ip-range"), gateways: slice("gateway"),
                                       auxAddresses: orderedKeyValues(a.list("aux-address")))
        var fields: [(String, TemplateValue)] = [
            ("Driver", .string(a.string("driver") ?? "bridge")),
            ("Scope", .string(a.string("scope") ?? "")),
        ]
        // Sent only when given on the command line (docker's *bool with omitempty).
        if a.isSet("ipv4") { fields.append(("EnableIPv4", .bool(a.bool("ipv4")))) }
        if a.isSet("ipv6") { fields.append(("EnableIPv6", .bool(a.bool("ipv6")))) }
        let configs: [TemplateValue] = ipam.map { c in
            var r = TemplateRecord(typeName: "network.IPAMConfig")
            // IPAMConfig's fields are all omitempty.
            if let s = c.subnet, !s.isEmpty { r.set("Subnet", .string(s)) }
            if let s = c.ipRange, !s.isEmpty { r.set("IPRange", .string(s)) }
            if let s = c.gateway, !s.isEmpty { r.set("Gateway", .string(s)) }
            if let aux = c.auxiliaryAddresses, !aux.isEmpty { r.set("AuxiliaryAddresses", TemplateValue(stringMap: aux)) }
            return .record(r)
        }
        fields.append(("IPAM", .record(TemplateRecord(typeName: "network.IPAM", fields: [
            ("Driver", .string(a.string("ipam-driver") ?? "default")),
            ("Options", TemplateValue(stringMap: VolumeCreateCommand.keyValues(a.list("ipam-opt")))),
            ("Config", .array(configs)),
        ]))))
        fields += [
            ("Internal", .bool(a.bool("internal"))),
            ("Attachable", .bool(a.bool("attachable"))),
            ("Ingress", .bool(a.bool("ingress"))),
            ("ConfigOnly", .bool(a.bool("config-only"))),
        ]
        let configFrom = a.string("config-from") ?? ""
        fields.append(("ConfigFrom", configFrom.isEmpty ? .null
            : .record(TemplateRecord(typeName: "network.ConfigReference", fields: [("Network", .string(configFrom))]))))
        fields += [
            ("Options", TemplateValue(stringMap: VolumeCreateCommand.keyValues(a.list("opt")))),
            ("Labels", TemplateValue(stringMap: VolumeCreateCommand.keyValues(a.list("label")))),
            ("Name", .string(ctx.positional.first ?? "")),
        ]
        let body = TemplateValue.record(TemplateRecord(typeName: "network.CreateRequest", fields: fields))
        let r = try ctx.client().request("POST", "/networks/create", body: .json(body))
        defer { r.close() }
        let created = try EngineJSON.decode(NetworkCreateResponse.self, from: try r.readAll())
        ctx.stdout.write(created.id + "\n")
        return 0
    }

    /// opts.MapOpts in the order given (later values of a key win), for --aux-address.
    static func orderedKeyValues(_ values: [String]) -> [(String, String)] {
        var out: [(String, String)] = []
        for v in values {
            let parts = v.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let key = parts[0], value = parts.count > 1 ? parts[1] : ""
            if let i = out.firstIndex(where: { $0.0 == key }) { out[i].1 = value } else { out.append((key, value)) }
        }
        return out
    }

    /// docker's consolidateIpam: one IPAMConfig per subnet, each range, gateway and aux-address put
    /// on the subnet containing it, with docker's error texts. The subnets keep the order given.
    static func consolidateIPAM(subnets: [String], ranges: [String], gateways: [String],
                                auxAddresses: [(String, String)]) throws -> [NetworkIPAMConfig] {
        if subnets.count < ranges.count || subnets.count < gateways.count {
            throw CLIError.message("every ip-range or gateway must have a corresponding subnet", status: 1)
        }
        var configs: [NetworkIPAMConfig] = []
        for s in subnets {
            for existing in configs {
                let k = existing.subnet ?? ""
                if try subnetMatches(s, k) || subnetMatches(k, s) {
                    throw CLIError.message("multiple overlapping subnet configuration is not supported", status: 1)
                }
            }
            configs.append(NetworkIPAMConfig(subnet: s, auxiliaryAddresses: [:]))
        }
        func index(_ s: String) -> Int { configs.firstIndex { $0.subnet == s } ?? 0 }
        for r in ranges {
            var matched = false
            for s in subnets where try subnetMatches(s, r) {
                if let existing = configs[index(s)].ipRange {
                    throw CLIError.message("cannot configure multiple ranges (\(r), \(existing)) on the same subnet (\(s))", status: 1)
                }
                configs[index(s)].ipRange = r
                matched = true
            }
            if !matched { throw CLIError.message("no matching subnet for range \(r)", status: 1) }
        }
        for g in gateways {
            var matched = false
            for s in subnets where try subnetMatches(s, g) {
                if let existing = configs[index(s)].gateway {
                    throw CLIError.message("cannot configure multiple gateways (\(g), \(existing)) for the same subnet (\(s))", status: 1)
                }
                configs[index(s)].gateway = g
                matched = true
            }
            if !matched { throw CLIError.message("no matching subnet for gateway \(g)", status: 1) }
        }
        for (key, address) in auxAddresses {
            var matched = false
            for s in subnets where try subnetMatches(s, address) {
                configs[index(s)].auxiliaryAddresses?[key] = address
                matched = true
            }
            if !matched { throw CLIError.message("no matching subnet for aux-address \(address)", status: 1) }
        }
        return configs
    }

    /// docker's subnetMatches: whether `data` (an address, or the address part of a CIDR) lies in
    /// `subnet`. A bad subnet is an error; a bad address simply does not match, like Go's nil IP.
    static func subnetMatches(_ subnet: String, _ data: String) throws -> Bool {
        guard let net = CIDR(subnet) else {
            throw CLIError.message("invalid subnet: invalid CIDR address: \(subnet)", status: 1)
        }
        let address: [UInt8]?
        if data.contains("/") {
            guard let c = CIDR(data) else { throw CLIError.message("invalid CIDR address: \(data)", status: 1) }
            address = c.address
        } else {
            address = CIDR.parseIP(data)
        }
        guard let ip = address else { return false }
        return net.contains(ip)
    }
}

/// An IPv4 or IPv6 prefix as Go's net.ParseCIDR reads it, enough to test membership.
struct CIDR {
    var address: [UInt8]
    var prefix: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let ip = CIDR.parseIP(String(parts[0])), let bits = Int(parts[1]),
              bits >= 0, bits <= ip.count * 8, !parts[1].hasPrefix("+") else { return nil }
        address = ip
        prefix = bits
    }

    /// Whether `ip` is in this prefix; IPv4 and IPv6 never match each other, as in Go for
    /// non-mapped addresses.
    func contains(_ ip: [UInt8]) -> Bool {
        guard ip.count == address.count else { return false }
        var remaining = prefix
        for i in 0..<ip.count where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if ip[i] & mask != address[i] & mask { return false }
            remaining -= bits
        }
        return true
    }

    /// 4 bytes for dotted IPv4, 16 for IPv6 (`::` compression and a trailing dotted quad allowed).
    static func parseIP(_ s: String) -> [UInt8]? {
        if !s.contains(":") { return parseIPv4(s) }
        var head: [UInt8] = [], tail: [UInt8] = []
        let halves = splitDoubleColon(s)
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt8]? {
            guard !part.isEmpty else { return [] }
            var out: [UInt8] = []
            let items = part.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            for (i, item) in items.enumerated() {
                if i == items.count - 1, item.contains(".") {
                    guard let v4 = parseIPv4(item) else { return nil }
                    out += v4
                } else {
                    guard !item.isEmpty, item.count <= 4, let v = UInt16(item, radix: 16) else { return nil }
                    out += [UInt8(v >> 8), UInt8(v & 0xFF)]
                }
            }
            return out
        }
        guard let h = groups(halves[0]) else { return nil }
        head = h
        if halves.count == 2 {
            guard let t = groups(halves[1]), head.count + t.count < 16 else { return nil }
            tail = t
            return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
        }
        return head.count == 16 ? head : nil
    }

    /// `s` cut at each "::".
    static func splitDoubleColon(_ s: String) -> [String] {
        var out: [String] = [], current = ""
        var chars = Array(s)[...]
        while let c = chars.first {
            if c == ":", chars.dropFirst().first == ":" {
                out.append(current)
                current = ""
                chars = chars.dropFirst(2)
            } else {
                current.append(c)
                chars = chars.dropFirst()
            }
        }
        out.append(current)
        return out
    }

    static func parseIPv4(_ s: String) -> [UInt8]? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy({ $0.isASCII && $0.isNumber }), let v = UInt8(p) else { return nil }
            out.append(v)
        }
        return out
    }
}
