import Foundation
import Testing

/// The default bridge and user-defined bridge networks over berthd, with the real docker CLI 28: real
/// namespaces, veths, bridges and nftables rules, each daemon on its own bridge, table and subnets.
@Suite("bridge networks with the docker CLI", .serialized,
       .enabled(if: DaemonHarness.available && DaemonHarness.docker != nil, DaemonHarness.skipReason))
struct BridgeNetworkTests {
    typealias S = NetworkTestSupport

    @Test func userNetworkContainersTalkOverTCPByNameAndAlias() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        #expect(try daemon.docker(["network", "create", "appnet"]).status == 0)
        let server = try daemon.docker(["run", "-d", "--name", "redis", "--network", "appnet", "--network-alias", "cache", "busybox",
                                        "sh", "-c", "while true; do echo PONG | nc -l -p 6379; done"])
        #expect(server.status == 0, "\(server.stderr)")
        for name in ["redis", "cache", "redis.appnet"] {
            var client = try daemon.docker(["run", "--rm", "--network", "appnet", "busybox", "sh", "-c", "echo PING | nc -w 3 \(name) 6379"])
            for _ in 0..<5 where client.stdout != "PONG\n" {
                usleep(200_000)  // the server loop may be between two nc listens
                client = try daemon.docker(["run", "--rm", "--network", "appnet", "busybox", "sh", "-c", "echo PING | nc -w 3 \(name) 6379"])
            }
            #expect(client.stdout == "PONG\n", "\(name): \(client.stderr)")
        }
        // The embedded resolver answers A records itself, in one process: berthd.
        let lookup = try daemon.docker(["run", "--rm", "--network", "appnet", "busybox", "nslookup", "cache", "127.0.0.11"])
        let ip = S.trimmed(try daemon.docker(["inspect", "-f", "{{.NetworkSettings.Networks.appnet.IPAddress}}", "redis"]).stdout)
        #expect(lookup.stdout.contains(ip), "\(lookup.stdout) \(lookup.stderr)")
        let resolv = try daemon.docker(["run", "--rm", "--network", "appnet", "busybox", "cat", "/etc/resolv.conf"])
        #expect(resolv.stdout.contains("nameserver 127.0.0.11"))
        let unknown = try daemon.docker(["run", "--rm", "--network", "appnet", "busybox", "nslookup", "no-such-container", "127.0.0.11"])
        #expect(unknown.status != 0)

        // Other names are forwarded, by berthd from the host's side, to the container's --dns server: a fake
        // one on a host loopback address that answers every name with 10.53.53.53.
        let upstream = try #require(FakeUpstreamDNS(answer: [10, 53, 53, 53]))
        defer { upstream.stop() }
        let forwarded = try daemon.docker(["run", "--rm", "--network", "appnet", "--dns", upstream.address, "busybox",
                                           "sh", "-c", "cat /etc/resolv.conf; nslookup outside.example 127.0.0.11"])
        #expect(forwarded.stdout.contains("nameserver 127.0.0.11"), "the container still asks the embedded server")
        #expect(forwarded.stdout.contains("10.53.53.53"), "\(forwarded.stdout) \(forwarded.stderr)")
        #expect(upstream.queries > 0)
        // Names of the network are still answered locally, never forwarded.
        let before = upstream.queries
        let local = try daemon.docker(["run", "--rm", "--network", "appnet", "--dns", upstream.address, "busybox", "nslookup", "redis", "127.0.0.11"])
        #expect(local.stdout.contains(ip) && !local.stdout.contains("10.53.53.53"), "\(local.stdout)")
        #expect(upstream.queries == before)
    }

    @Test func defaultBridgeReachesTheHostAndDoesNotResolveNames() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let gateway = String(daemon.bridgeIP.split(separator: "/")[0])
        let port = S.freePort()
        let listener = S.serveOnce(host: gateway, port: port, reply: "hello-from-host\n")
        defer { close(listener) }
        let client = try daemon.docker(["run", "--rm", "busybox", "nc", "-w", "3", gateway, String(port)])
        #expect(client.stdout == "hello-from-host\n", "\(client.stderr)")
        // Default route through the bridge's gateway, an address from the bip subnet, dockerd's derived MAC.
        let inside = try daemon.docker(["run", "--rm", "--name", "probe", "busybox", "sh", "-c", "ip route; cat /etc/resolv.conf"])
        #expect(inside.stdout.contains("default via \(gateway) dev eth0"), "\(inside.stdout)")
        #expect(!inside.stdout.contains("127.0.0.11"))
        #expect(try daemon.docker(["run", "-d", "--name", "peer", "busybox", "sleep", "30"]).status == 0)
        let byName = try daemon.docker(["run", "--rm", "busybox", "ping", "-c", "1", "-W", "1", "peer"])
        #expect(byName.status != 0, "names must not resolve on the default bridge")
        let settings = try daemon.docker(["inspect", "-f", "{{.NetworkSettings.IPAddress}} {{.NetworkSettings.Gateway}} {{.NetworkSettings.MacAddress}} {{.NetworkSettings.Networks.bridge.IPPrefixLen}}", "peer"])
        let fields = S.trimmed(settings.stdout).split(separator: " ").map(String.init)
        #expect(fields.count == 4 && fields[1] == gateway && fields[3] == "24", "\(settings.stdout)")
        if fields.count == 4 {
            let octets = fields[0].split(separator: ".").compactMap { UInt8($0) }
            #expect(fields[2] == "02:42:" + octets.map { String(format: "%02x", $0) }.joined(separator: ":"))
        }
        // --link writes the alias into /etc/hosts; host-gateway is the bridge's gateway.
        let linked = try daemon.docker(["run", "--rm", "--link", "peer:db", "--add-host", "gw:host-gateway", "--hostname", "myhost",
                                        "busybox", "cat", "/etc/hosts"])
        #expect(linked.stdout.contains("\(fields.first ?? "?")\tdb peer"), "\(linked.stdout)")
        #expect(linked.stdout.contains("\(gateway)\tgw"))
        #expect(linked.stdout.contains("\tmyhost"))
    }

    @Test func publishedPortWorksFromLoopbackAndIsFreedAfterRemove() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let port = S.freePort()
        let run = try daemon.docker(["run", "-d", "--name", "web", "-p", "127.0.0.1:\(port):80", "busybox", "sh", "-c",
                                     "mkdir -p /www && echo served-by-busybox > /www/index.html && httpd -f -p 80 -h /www"])
        #expect(run.status == 0, "\(run.stderr)")
        var body: String?
        for _ in 0..<20 where body == nil {
            body = try S.httpGet("http://127.0.0.1:\(port)/", daemon: daemon)
            if body == nil { usleep(100_000) }
        }
        #expect(body == "served-by-busybox\n")
        #expect(S.trimmed(try daemon.docker(["port", "web"]).stdout) == "80/tcp -> 127.0.0.1:\(port)")
        #expect(S.trimmed(try daemon.docker(["ps", "--format", "{{.Ports}}"]).stdout) == "127.0.0.1:\(port)->80/tcp")
        #expect(!S.canBind("127.0.0.1", port), "a published port is held")
        // The served request shows in the container's eth0 counters (`docker stats` NET I/O).
        let stats = try daemon.api("GET", "/containers/web/stats?stream=0")
        let object = try JSONSerialization.jsonObject(with: Data(stats.body.utf8)) as? [String: Any] ?? [:]
        let eth0 = (object["networks"] as? [String: Any])?["eth0"] as? [String: Any] ?? [:]
        #expect((eth0["rx_bytes"] as? Int ?? 0) > 0 && (eth0["tx_bytes"] as? Int ?? 0) > 0, "\(stats.body)")
        #expect((object["networks"] as? [String: Any])?["lo"] == nil)
        let netIO = S.trimmed(try daemon.docker(["stats", "--no-stream", "--format", "{{.NetIO}}", "web"]).stdout)
        #expect(netIO.contains(" / ") && netIO != "0B / 0B", "\(netIO)")
        // The same host port again: dockerd's refusal, exit 125, nothing left running.
        let clash = try daemon.docker(["run", "-d", "--name", "web2", "-p", "127.0.0.1:\(port):80", "busybox", "sleep", "30"])
        #expect(clash.status == 125)
        #expect(clash.stderr.contains("port is already allocated"), "\(clash.stderr)")
        #expect(try S.publishedRules(daemon.filterTable, daemon: daemon).count == 1)

        #expect(try daemon.docker(["rm", "-f", "web", "web2"]).status == 0)
        #expect(S.canBind("127.0.0.1", port), "the port is free after rm")
        #expect(try S.publishedRules(daemon.filterTable, daemon: daemon).isEmpty)
        #expect(try S.bridgePorts(daemon.bridge, daemon: daemon).isEmpty, "no veth left on the bridge")

        // A port a host process holds gives dockerd's bind error.
        let holder = S.serveOnce(host: "127.0.0.1", port: port, reply: "")
        defer { close(holder) }
        let busy = try daemon.docker(["run", "--rm", "-p", "127.0.0.1:\(port):80", "busybox", "true"])
        #expect(busy.status == 125)
        #expect(busy.stderr.contains("address already in use"), "\(busy.stderr)")
    }

    @Test func publishAllAndEphemeralPortsFollowExpose() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let run = try daemon.docker(["run", "-d", "--name", "pub", "--expose", "7000", "--expose", "7001/udp", "-P", "-p", "127.0.0.1::80",
                                     "busybox", "sleep", "30"])
        #expect(run.status == 0, "\(run.stderr)")
        let ports = try daemon.docker(["port", "pub"]).stdout.split(separator: "\n").map(String.init).sorted()
        #expect(ports.count == 3, "\(ports)")
        #expect(ports.contains { $0.hasPrefix("7000/tcp -> 0.0.0.0:") })
        #expect(ports.contains { $0.hasPrefix("7001/udp -> 0.0.0.0:") })
        #expect(ports.contains { $0.hasPrefix("80/tcp -> 127.0.0.1:") })
        #expect(try S.publishedRules(daemon.filterTable, daemon: daemon).count == 3)
        #expect(try daemon.docker(["rm", "-f", "pub"]).status == 0)
        #expect(try S.publishedRules(daemon.filterTable, daemon: daemon).isEmpty)
    }

    @Test func internalAndSeparateNetworksAreIsolated() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        #expect(try daemon.docker(["network", "create", "--internal", "sealed"]).status == 0)
        #expect(try daemon.docker(["network", "create", "left"]).status == 0)
        #expect(try daemon.docker(["network", "create", "--subnet", "10.199.77.0/24", "--gateway", "10.199.77.254", "--ip-range", "10.199.77.128/25", "right"]).status == 0)
        let sealed = try daemon.docker(["run", "--rm", "--network", "sealed", "busybox", "ip", "route"])
        #expect(!sealed.stdout.contains("default"), "an internal network has no route out: \(sealed.stdout)")
        let leftGateway = S.trimmed(try daemon.docker(["network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}", "left"]).stdout)
        let escape = try daemon.docker(["run", "--rm", "--network", "sealed", "busybox", "ping", "-c", "1", "-W", "1", leftGateway])
        #expect(escape.status != 0)

        // --ip inside --ip-range, the custom gateway, and no path between two user networks.
        let server = try daemon.docker(["run", "-d", "--name", "rsrv", "--network", "right", "--ip", "10.199.77.200", "busybox",
                                        "sh", "-c", "while true; do echo R | nc -l -p 80; done"])
        #expect(server.status == 0, "\(server.stderr)")
        #expect(S.trimmed(try daemon.docker(["inspect", "-f", "{{.NetworkSettings.Networks.right.Gateway}}", "rsrv"]).stdout) == "10.199.77.254")
        var same = try daemon.docker(["run", "--rm", "--network", "right", "busybox", "sh", "-c", "echo | nc -w 2 10.199.77.200 80"])
        for _ in 0..<5 where same.stdout != "R\n" {
            // The server loop may not be listening yet.
            usleep(200_000)
            same = try daemon.docker(["run", "--rm", "--network", "right", "busybox", "sh", "-c", "echo | nc -w 2 10.199.77.200 80"])
        }
        #expect(same.stdout == "R\n", "\(same.stderr)")
        let cross = try daemon.docker(["run", "--rm", "--network", "left", "busybox", "sh", "-c", "echo | nc -w 2 10.199.77.200 80"])
        #expect(cross.stdout != "R\n", "two user networks must not reach each other")
        let auto = try daemon.docker(["run", "--rm", "--network", "right", "busybox", "ip", "-4", "-o", "addr", "show", "eth0"])
        #expect(auto.stdout.contains("inet 10.199.77.1") , "addresses come from the ip-range: \(auto.stdout)")
        let taken = try daemon.docker(["run", "--rm", "--network", "right", "--ip", "10.199.77.200", "busybox", "true"])
        #expect(taken.status == 125 && taken.stderr.contains("Address already in use"), "\(taken.stderr)")
    }

    @Test func networkModesHostNoneAndContainer() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let none = try daemon.docker(["run", "--rm", "--network", "none", "busybox", "ip", "-o", "link"])
        #expect(none.stdout.split(separator: "\n").count == 1 && none.stdout.contains("lo:"), "\(none.stdout)")
        let host = try daemon.docker(["run", "--rm", "--network", "host", "busybox", "ip", "-o", "link", "show", daemon.bridge])
        #expect(host.status == 0, "the host's links are visible: \(host.stderr)")
        #expect(try daemon.docker(["run", "-d", "--name", "base", "busybox", "sleep", "30"]).status == 0)
        let baseIP = S.trimmed(try daemon.docker(["inspect", "-f", "{{.NetworkSettings.IPAddress}}", "base"]).stdout)
        let joined = try daemon.docker(["run", "--rm", "--network", "container:base", "busybox", "ip", "-4", "-o", "addr", "show", "eth0"])
        #expect(joined.stdout.contains(baseIP + "/"), "\(joined.stdout)")
        let custom = try daemon.docker(["run", "--rm", "--mac-address", "02:42:de:ad:be:ef", "--dns", "10.9.9.9", "--dns-search", "corp.example",
                                        "--dns-option", "ndots:3", "busybox", "sh", "-c", "ip link show eth0; cat /etc/resolv.conf"])
        #expect(custom.stdout.contains("02:42:de:ad:be:ef"), "\(custom.stdout)")
        #expect(custom.stdout.contains("nameserver 10.9.9.9") && custom.stdout.contains("search corp.example") && custom.stdout.contains("ndots:3"))
    }

    @Test func connectDisconnectInspectListRemoveAndPrune() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let created = try daemon.docker(["network", "create", "--label", "tier=back", "backnet"])
        #expect(created.status == 0 && S.trimmed(created.stdout).count == 64)
        #expect(try daemon.docker(["network", "create", "spare"]).status == 0)
        let dup = try daemon.docker(["network", "create", "backnet"])
        #expect(dup.status != 0 && dup.stderr.contains("network with name backnet already exists"), "\(dup.stderr)")
        #expect(try daemon.docker(["run", "-d", "--name", "app", "busybox", "sleep", "60"]).status == 0)
        #expect(try daemon.docker(["network", "connect", "--alias", "api", "backnet", "app"]).status == 0)
        let links = try daemon.docker(["exec", "app", "ip", "-o", "link"])
        #expect(links.stdout.contains("eth1"), "\(links.stdout)")
        let members = try daemon.docker(["network", "inspect", "-f", "{{range .Containers}}{{.Name}}{{end}}", "backnet"])
        #expect(S.trimmed(members.stdout) == "app")
        let resolved = try daemon.docker(["run", "--rm", "--network", "backnet", "busybox", "nslookup", "api", "127.0.0.11"])
        #expect(resolved.status == 0, "\(resolved.stdout) \(resolved.stderr)")
        let busy = try daemon.docker(["network", "rm", "backnet"])
        #expect(busy.status != 0 && busy.stderr.contains("has active endpoints"), "\(busy.stderr)")
        let predefined = try daemon.docker(["network", "rm", "bridge"])
        #expect(predefined.stderr.contains("bridge is a pre-defined network and cannot be removed"), "\(predefined.stderr)")
        #expect(try daemon.docker(["network", "disconnect", "backnet", "app"]).status == 0)
        #expect(!(try daemon.docker(["exec", "app", "ip", "-o", "link"]).stdout.contains("eth1")))

        let filtered = try daemon.docker(["network", "ls", "--filter", "label=tier=back", "--format", "{{.Name}} {{.Driver}} {{.Scope}}"])
        #expect(S.trimmed(filtered.stdout) == "backnet bridge local")
        let custom = try daemon.docker(["network", "ls", "-f", "type=custom", "--format", "{{.Name}}"])
        #expect(S.trimmed(custom.stdout).split(separator: "\n").sorted() == ["backnet", "spare"])
        let prune = try daemon.docker(["network", "prune", "-f"])
        #expect(prune.stdout.contains("backnet") && prune.stdout.contains("spare"), "\(prune.stdout)")
        #expect(S.trimmed(try daemon.docker(["network", "ls", "-q", "-f", "type=custom"]).stdout).isEmpty)
    }

    @Test func apiErrorsAndConnectingAStoppedContainer() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let missing = try daemon.api("GET", "/networks/nosuchnet")
        #expect(missing.status == 404 && missing.body.contains("network nosuchnet not found"), "\(missing.body)")
        let badSubnet = try daemon.api("POST", "/networks/create", body: #"{"Name":"bad","IPAM":{"Config":[{"Subnet":"10.1.2.3/33"}]}}"#)
        #expect(badSubnet.status == 400 && badSubnet.body.contains("10.1.2.3/33"), "\(badSubnet.body)")
        let badGateway = try daemon.docker(["network", "create", "--subnet", "10.197.1.0/24", "--gateway", "10.197.2.1", "gw"])
        #expect(badGateway.status != 0 && badGateway.stderr.contains("10.197.2.1"), "\(badGateway.stderr)")
        let noDriver = try daemon.docker(["network", "create", "-d", "weave", "w"])
        #expect(noDriver.status != 0 && noDriver.stderr.contains("plugin \"weave\" not found"), "\(noDriver.stderr)")
        #expect(try daemon.docker(["network", "create", "--subnet", "10.197.1.0/24", "first"]).status == 0)
        let overlap = try daemon.docker(["network", "create", "--subnet", "10.197.1.128/25", "second"])
        #expect(overlap.status != 0 && overlap.stderr.contains("overlaps"), "\(overlap.stderr)")
        let unknownNet = try daemon.docker(["run", "--rm", "--network", "nosuchnet", "busybox", "true"])
        #expect(unknownNet.status == 125 && unknownNet.stderr.contains("network nosuchnet not found"), "\(unknownNet.stderr)")

        // Connected while stopped: the next start joins both networks.
        #expect(try daemon.docker(["create", "--name", "later", "busybox", "sleep", "30"]).status == 0)
        #expect(try daemon.docker(["network", "connect", "first", "later"]).status == 0)
        #expect(try daemon.docker(["start", "later"]).status == 0)
        let addresses = try daemon.docker(["exec", "later", "ip", "-4", "-o", "addr"])
        #expect(addresses.stdout.contains("eth0") && addresses.stdout.contains("eth1") && addresses.stdout.contains("10.197.1."), "\(addresses.stdout)")
        let nets = try daemon.docker(["inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}} {{end}}", "later"])
        #expect(nets.stdout.contains("bridge=10.201.") && nets.stdout.contains("first=10.197.1."), "\(nets.stdout)")
        #expect(try daemon.docker(["stop", "-t", "0", "later"]).status == 0)
        #expect(try daemon.docker(["network", "disconnect", "first", "later"]).status == 0)
        let after = try daemon.docker(["inspect", "-f", "{{len .NetworkSettings.Networks}}", "later"])
        #expect(S.trimmed(after.stdout) == "1")
    }

    /// Without `bip`, the default bridge takes 172.17.0.1/16 only where the host does not use it already (a
    /// dockerd's docker0): otherwise the first free subnet of the address pools, as dockerd does.
    @Test func defaultBridgeAvoidsASubnetTheHostAlreadyRoutes() throws {
        let probe = try DaemonHarness.probeRoutes()
        var occupant: String?
        if !probe.contains("172.17.") {
            // Occupy it for the test with a veth pair of our own.
            let name = "btoc" + String(UInt32.random(in: 0x10000..<0xfffff), radix: 16)
            _ = try? Process.run(URL(fileURLWithPath: "/usr/sbin/ip"), arguments: ["link", "add", name, "type", "veth", "peer", "name", name + "p"]).waitUntilExit()
            _ = try? Process.run(URL(fileURLWithPath: "/usr/sbin/ip"), arguments: ["addr", "add", "172.17.0.1/16", "dev", name]).waitUntilExit()
            _ = try? Process.run(URL(fileURLWithPath: "/usr/sbin/ip"), arguments: ["link", "set", name, "up"]).waitUntilExit()
            occupant = name
        }
        defer {
            if let occupant { _ = try? Process.run(URL(fileURLWithPath: "/usr/sbin/ip"), arguments: ["link", "del", occupant]).waitUntilExit() }
        }
        let daemon = try DaemonHarness(passBridgeIP: false)
        defer { daemon.close() }
        let subnet = S.trimmed(try daemon.docker(["network", "inspect", "-f", "{{(index .IPAM.Config 0).Subnet}} {{(index .IPAM.Config 0).Gateway}}", "bridge"]).stdout)
        #expect(!subnet.hasPrefix("172.17."), "the default bridge must not overlap the host's 172.17.0.0/16: \(subnet)")
        let pool = String(daemon.addressPool.dropFirst("base=".count).split(separator: ".").prefix(2).joined(separator: "."))
        #expect(subnet.hasPrefix(pool + "."), "\(subnet) comes from the pool \(daemon.addressPool)")
        let addresses = try daemon.run("/usr/sbin/ip", ["-4", "-o", "addr", "show", daemon.bridge]).stdout
        #expect(addresses.contains(String(subnet.split(separator: " ").last ?? "?") + "/"), "\(addresses)")
    }

    @Test func berthdKilledAndRestartedKeepsNetworksAndPortsThenLeaksNothing() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        #expect(try daemon.docker(["network", "create", "keep"]).status == 0)
        let port = S.freePort()
        #expect(try daemon.docker(["run", "-d", "--name", "srv", "--network", "keep", "-p", "127.0.0.1:\(port):80", "busybox", "sh", "-c",
                                   "mkdir -p /w && echo still-here > /w/index.html && httpd -f -p 80 -h /w"]).status == 0)
        #expect(try daemon.docker(["run", "-d", "--name", "plain", "busybox", "sleep", "60"]).status == 0)
        try daemon.killAndRestartEngine()
        var body: String?
        for _ in 0..<20 where body == nil {
            body = try S.httpGet("http://127.0.0.1:\(port)/", daemon: daemon)
            if body == nil { usleep(100_000) }
        }
        #expect(body == "still-here\n")
        let byName = try daemon.docker(["run", "--rm", "--network", "keep", "busybox", "wget", "-q", "-O", "-", "http://srv/"])
        #expect(byName.stdout == "still-here\n", "\(byName.stderr)")
        #expect(try daemon.docker(["rm", "-f", "srv", "plain"]).status == 0)
        #expect(try S.publishedRules(daemon.filterTable, daemon: daemon).isEmpty)
        #expect(try S.bridgePorts(daemon.bridge, daemon: daemon).isEmpty)
        let netns = (try? FileManager.default.contentsOfDirectory(atPath: daemon.base + "/exec/netns")) ?? []
        #expect(netns.isEmpty, "netns files left: \(netns)")
        #expect(S.canBind("127.0.0.1", port))
    }

    @Test func macvlanOnADummyParent() throws {
        let daemon = try DaemonHarness()
        defer { daemon.close() }
        try daemon.importBusybox()
        let parent = "btdm" + String(UInt32.random(in: 0x10000..<0xfffff), radix: 16)
        // A dummy link where the kernel has the driver; this machine's kernel has none (`Unknown device
        // type`), so a veth pair made by the test stands in: its up end is an equally private parent.
        if try daemon.run("/usr/sbin/ip", ["link", "add", parent, "type", "dummy"]).status != 0 {
            #expect(try daemon.run("/usr/sbin/ip", ["link", "add", parent, "type", "veth", "peer", "name", parent + "p"]).status == 0)
            #expect(try daemon.run("/usr/sbin/ip", ["link", "set", parent + "p", "up"]).status == 0)
        }
        defer { _ = try? daemon.run("/usr/sbin/ip", ["link", "del", parent]) }
        #expect(try daemon.run("/usr/sbin/ip", ["link", "set", parent, "up"]).status == 0)
        let create = try daemon.docker(["network", "create", "-d", "macvlan", "--subnet", "10.198.5.0/24", "-o", "parent=\(parent)", "mv"])
        #expect(create.status == 0, "\(create.stderr)")
        #expect(try daemon.docker(["run", "-d", "--name", "m1", "--network", "mv", "--ip", "10.198.5.10", "busybox", "sh", "-c",
                                   "while true; do echo MV | nc -l -p 80; done"]).status == 0)
        let talk = try daemon.docker(["run", "--rm", "--network", "mv", "busybox", "sh", "-c", "ip -o link show eth0; echo | nc -w 2 10.198.5.10 80"])
        #expect(talk.stdout.contains("macvlan") || talk.stdout.contains("@"), "\(talk.stdout)")
        #expect(talk.stdout.hasSuffix("MV\n"), "\(talk.stdout) \(talk.stderr)")
        let missing = try daemon.docker(["network", "create", "-d", "macvlan", "-o", "parent=nosuchlink0", "bad"])
        #expect(missing.status != 0 && missing.stderr.contains("nosuchlink0"))
        #expect(try daemon.docker(["rm", "-f", "m1"]).status == 0)
    }
}
