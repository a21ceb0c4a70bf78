import BerthCore

/// `berth network connect NETWORK CONTAINER`: POST /networks/{network}/connect with the whole
/// EndpointSettings docker 28 sends (Go field order, zero values included).
public enum NetworkConnectCommand {
    public static let spec = CommandSpec(
        path: ["network", "connect"], usage: "network connect [OPTIONS] NETWORK CONTAINER",
        summary: "Connect a container to a network",
        flags: [
            FlagSpec("alias", .list, valueName: "strings", help: "Add network-scoped alias for the container"),
            FlagSpec("driver-opt", .list, valueName: "strings", help: "driver options for the network"),
            FlagSpec("gw-priority", .int, help: "Highest gw-priority provides the default gateway. Accepts positive and negative values."),
            FlagSpec("ip", .string, help: "IPv4 address (e.g., \"172.30.100.104\")"),
            FlagSpec("ip6", .string, help: "IPv6 address (e.g., \"2001:db8::33\")"),
            FlagSpec("link", .list, help: "Add link to another container"),
            FlagSpec("link-local-ip", .list, valueName: "strings", help: "Add a link-local address for the container"),
        ],
        arguments: .exactly(2), run: run)

    static func run(_ ctx: CommandContext) throws -> Int32 {
        let a = ctx.arguments
        let network = ctx.positional[0], container = ctx.positional[1]
        var ipam = TemplateRecord(typeName: "network.EndpointIPAMConfig")
        // EndpointIPAMConfig's fields are all omitempty.
        if let ip = a.string("ip"), !ip.isEmpty { ipam.set("IPv4Address", .string(ip)) }
        if let ip6 = a.string("ip6"), !ip6.isEmpty { ipam.set("IPv6Address", .string(ip6)) }
        let linkLocal = stringSlice(a.list("link-local-ip"))
        if !linkLocal.isEmpty { ipam.set("LinkLocalIPs", TemplateValue(strings: linkLocal)) }
        let links = a.list("link")
        // opts.ValidateLink runs as pflag parses --link: `name` or `name:alias`, nothing more.
        for link in links {
            let why = link.isEmpty ? "empty string specified for links"
                : link.split(separator: ":", omittingEmptySubsequences: false).count > 2 ? "bad format for links: \(link)" : nil
            if let why {
                throw CLIError.flag("invalid argument \"\(link)\" for \"--link\" flag: \(why)",
                                    usage: ctx.commandName + ctx.spec.usageSuffix, command: ctx.commandName)
            }
        }
        let driverOpts = try convertDriverOpts(stringSlice(a.list("driver-opt")))
        let endpoint = TemplateRecord(typeName: "network.EndpointSettings", fields: [
            ("IPAMConfig", .record(ipam)),
            // An unset ListOpts is a nil slice (null); an unset string slice is empty ([]).
            ("Links", links.isEmpty ? .null : TemplateValue(strings: links)),
            ("Aliases", TemplateValue(strings: stringSlice(a.list("alias")))),
            ("MacAddress", .string("")),
            ("DriverOpts", TemplateValue(stringMap: driverOpts)),
            ("GwPriority", .int(Int64(a.int("gw-priority") ?? 0))),
            ("NetworkID", .string("")),
            ("EndpointID", .string("")),
            ("Gateway", .string("")),
            ("IPAddress", .string("")),
            ("IPPrefixLen", .int(0)),
            ("IPv6Gateway", .string("")),
            ("GlobalIPv6Address", .string("")),
            ("GlobalIPv6PrefixLen", .int(0)),
            ("DNSNames", .null),
        ])
        let body = TemplateValue.record(TemplateRecord(typeName: "network.ConnectOptions", fields: [
            ("Container", .string(container)),
            ("EndpointConfig", .record(endpoint)),
        ]))
        let r = try ctx.client().request("POST", "/networks/\(URLQuery.escapePath(network))/connect", body: .json(body))
        _ = try? r.readAll()
        r.close()
        return 0
    }

    /// pflag string slices: every value may carry several, comma-separated.
    static func stringSlice(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// docker's convertDriverOpt: `key=value`, both trimmed; a missing `=` or empty key is refused.
    static func convertDriverOpts(_ values: [String]) throws -> [String: String] {
        var out: [String: String] = [:]
        for v in values {
            let parts = v.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = parts[0].trimmingSpaces
            guard parts.count == 2, !key.isEmpty else {
                throw CLIError.message("invalid key/value pair format in driver options", status: 1)
            }
            out[key] = parts[1].trimmingSpaces
        }
        return out
    }
}

extension Substring {
    /// strings.TrimSpace for the ASCII whitespace docker's options can carry.
    fileprivate var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0B}" || $0 == "\u{0C}" }
        return String(self.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
