/// berthd's whole netfilter state as one nftables table, rebuilt from the engine's state and swapped in
/// one transaction (`delete table` + `table { … }` in the same batch). Owning a table outright means no
/// rule is ever patched in place, a restarted berthd converges by writing the table once, and other
/// users of netfilter (dockerd's iptables-nft tables, firewalld) are never touched.
public struct PacketFilterRuleset: Sendable, Equatable {
    public struct Bridge: Sendable, Equatable {
        public var interface: String
        public var subnet: IPv4Subnet
        /// `--internal`: no traffic leaves the bridge, none enters from elsewhere.
        public var isInternal: Bool
        /// `com.docker.network.bridge.enable_ip_masquerade` (true unless turned off).
        public var masquerade: Bool
        /// Bridges that other bridges must not reach (user networks and the default bridge).
        public var isolated: Bool

        public init(interface: String, subnet: IPv4Subnet, isInternal: Bool = false, masquerade: Bool = true, isolated: Bool = true) {
            self.interface = interface
            self.subnet = subnet
            self.isInternal = isInternal
            self.masquerade = masquerade
            self.isolated = isolated
        }
    }

    public var table: String
    public var bridges: [Bridge] = []
    public var ports: [PortMapping] = []

    public init(table: String) { self.table = table }

    /// The nft script: the table's previous content is dropped in the same transaction.
    public var script: String {
        var lines = ["add table ip \(table)", "delete table ip \(table)", "table ip \(table) {"]
        lines += ["  chain prerouting {", "    type nat hook prerouting priority dstnat; policy accept;",
                  "    fib daddr type local jump published", "  }"]
        // The host's own connections to a published port (127.0.0.1:8080 included) are DNATed on output.
        lines += ["  chain output {", "    type nat hook output priority -100; policy accept;",
                  "    fib daddr type local jump published", "  }"]
        lines += ["  chain published {"]
        for port in ports.sorted(by: PortMapping.ruleOrder) {
            let match = port.hostIP.isUnspecified ? "" : "ip daddr \(port.hostIP) "
            lines.append("    \(match)\(port.proto.rawValue) dport \(port.hostPort) dnat to \(port.containerIP):\(port.containerPort)")
        }
        lines += ["  }"]
        lines += ["  chain postrouting {", "    type nat hook postrouting priority srcnat; policy accept;"]
        for bridge in bridges {
            let name = quoted(bridge.interface)
            // Loopback clients DNATed to a container need a routable source address.
            lines.append("    oifname \(name) ip saddr 127.0.0.0/8 masquerade")
            // Hairpin: a container reaching its own network through a published port.
            lines.append("    oifname \(name) ip saddr \(bridge.subnet.canonical) ct status dnat masquerade")
            if bridge.masquerade, !bridge.isInternal {
                lines.append("    ip saddr \(bridge.subnet.canonical) oifname != \(name) masquerade")
            }
        }
        lines += ["  }"]
        lines += ["  chain forward {", "    type filter hook forward priority filter; policy accept;"]
        let isolated = bridges.filter(\.isolated).map(\.interface)
        for bridge in bridges {
            let name = quoted(bridge.interface)
            if bridge.isInternal {
                lines.append("    iifname \(name) oifname != \(name) drop")
                lines.append("    oifname \(name) iifname != \(name) drop")
                continue
            }
            let others = isolated.filter { $0 != bridge.interface }
            if bridge.isolated, !others.isEmpty {
                lines.append("    iifname \(name) oifname { \(others.map(quoted).joined(separator: ", ")) } drop")
            }
        }
        lines += ["  }", "}"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Removes the table (berthd stopping for good, or tests cleaning up); absent is fine.
    public static func deleteScript(table: String) -> String {
        "add table ip \(table)\ndelete table ip \(table)\n"
    }

    private func quoted(_ name: String) -> String { "\"\(name)\"" }
}
