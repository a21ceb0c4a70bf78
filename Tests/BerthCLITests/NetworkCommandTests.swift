import Glibc
import Testing
import BerthCore
@testable import BerthCLI

/// network create, ls, inspect, rm, prune, connect and disconnect against canned daemons: the
/// request line and body each sends, what it prints, its errors and exit statuses.
@Suite(.serialized) struct NetworkCommandTests {
    @Sendable static func ping(_: String) -> [UInt8] { TestDaemon.response(200) }
    static func reply(_ status: Int, _ body: String = "") -> @Sendable (String) -> [UInt8] {
        { _ in TestDaemon.response(status, body) }
    }

    func run(_ args: [String], stdin: String = "") throws -> (Int32, String, String) {
        let fd = RegistryLoginTests.stdin(stdin)
        defer { close(fd) }
        let out = try TemporaryOutput(), err = try TemporaryOutput()
        let status = BerthCommandLine.run(args, stdin: fd, stdout: out.stream, stderr: err.stream)
        return (status, out.text(), err.text())
    }

    static let id1 = "2c2a6b5f0e1d4c3b2a190817263544536271809a0b1c2d3e4f5a6b7c8d9e0f1a"
    static let created = #"{"Id":"2c2a6b5f0e1d4c3b2a190817263544536271809a0b1c2d3e4f5a6b7c8d9e0f1a","Warning":""}"#

    // MARK: create

    @Test func createSendsDockersBodyAndPrintsTheID() throws {
        let d = try TestDaemon(replies: [Self.ping, Self.reply(201, Self.created), Self.ping, Self.reply(201, Self.created)])
        defer { d.stop() }
        var (status, out, err) = try run(["-H", d.host, "network", "create", "--label", "apitrace=1", "n"])
        #expect(status == 0 && err == "")
        #expect(out == Self.id1 + "\n")
        #expect(RegistryCommandTests.requestLine(d.requests[1]) == "POST /v1.41/networks/create HTTP/1.1")
        #expect(RegistryCommandTests.body(d.requests[1]) ==
            #"{"Driver":"bridge","Scope":"","IPAM":{"Driver":"default","Options":{},"Config":[]},"Internal":false,"Attachable":false,"Ingress":false,"ConfigOnly":false,"ConfigFrom":null,"Options":{},"Labels":{"apitrace":"1"},"Name":"n"}"#)

        (status, out, err) = try run(["-H", d.host, "network", "create", "-d", "bridge", "--subnet", "172.28.0.0/16,10.9.0.0/24",
                                      "--ip-range", "172.28.5.0/24", "--gateway", "172.28.5.254", "--aux-address", "host1=172.28.1.5",
                                      "--internal", "--attachable", "--ipv6=false", "--ipv4", "-o", "com.docker.network.bridge.name=br9",
                                      "--ipam-driver", "default", "--ipam-opt", "x=y", "--scope", "local", "--config-from", "base", "net2"])
        #expect(status == 0 && err == "" && out == Self.id1 + "\n")
        #expect(RegistryCommandTests.body(d.requests[3]) ==
            #"{"Driver":"bridge","Scope":"local","EnableIPv4":true,"EnableIPv6":false,"IPAM":{"Driver":"default","Options":{"x":"y"},"Config":[{"Subnet":"172.28.0.0/16","IPRange":"172.28.5.0/24","Gateway":"172.28.5.254","AuxiliaryAddresses":{"host1":"172.28.1.5"}},{"Subnet":"10.9.0.0/24"}]},"Internal":true,"Attachable":true,"Ingress":false,"ConfigOnly":false,"ConfigFrom":{"Network":"base"},"Options":{"com.docker.network.bridge.name":"br9"},"Labels":{},"Name":"net2"}"#)
    }

    @Test func createChecksSubnetsBeforeAnyRequest() throws {
        let d = try TestDaemon(replies: [Self.ping, Self.reply(409, #"{"message":"network with name n already exists"}"#)])
        defer { d.stop() }
        let cases: [([String], String)] = [
            (["--gateway", "10.0.0.1"], "every ip-range or gateway must have a corresponding subnet"),
            (["--subnet", "10.0.0.0/24", "--gateway", "10.1.0.1"], "no matching subnet for gateway 10.1.0.1"),
            (["--subnet", "10.0.0.0/24", "--ip-range", "10.1.0.0/28"], "no matching subnet for range 10.1.0.0/28"),
            (["--subnet", "10.0.0.0/24", "--aux-address", "a=10.2.0.1"], "no matching subnet for aux-address 10.2.0.1"),
            (["--subnet", "10.0.0.0/16", "--subnet", "10.0.1.0/24"], "multiple overlapping subnet configuration is not supported"),
            (["--subnet", "10.0.0.0/24", "--gateway", "10.0.0.1", "--gateway", "10.0.0.2", "--subnet", "10.9.0.0/24"],
             "cannot configure multiple gateways (10.0.0.2, 10.0.0.1) for the same subnet (10.0.0.0/24)"),
            // A lone bad subnet is the daemon's to refuse: docker parses subnets only to compare them.
            (["--subnet", "bogus", "--subnet", "10.0.0.0/8"], "invalid subnet: invalid CIDR address: bogus"),
            (["--subnet", "fd00::/64", "--gateway", "fd00::1", "--subnet", "10.0.0.0/8", "--gateway", "fd01::1"], "no matching subnet for gateway fd01::1"),
        ]
        for (flags, message) in cases {
            let (status, out, err) = try run(["-H", d.host, "network", "create"] + flags + ["n"])
            #expect(status == 1 && out == "")
            #expect(err == message + "\n")
        }
        #expect(d.requests.isEmpty)
        var (status, _, err) = try run(["-H", d.host, "network", "create"])
        #expect(status == 1 && err.hasPrefix("berth: 'berth network create' requires exactly 1 argument"))
        (status, _, err) = try run(["-H", d.host, "network", "create", "a", "b"])
        #expect(status == 1 && err.hasPrefix("berth: 'berth network create' requires exactly 1 argument"))
        (status, _, err) = try run(["-H", d.host, "network", "create", "n"])
        #expect(status == 1 && err == "Error response from daemon: network with name n already exists\n")
    }

    @Test func subnetMatchingCoversIPv4AndIPv6() throws {
        #expect(try NetworkCreateCommand.subnetMatches("172.28.0.0/16", "172.28.5.254"))
        #expect(try !NetworkCreateCommand.subnetMatches("172.28.0.0/16", "172.29.0.1"))
        #expect(try NetworkCreateCommand.subnetMatches("fd00:1::/64", "fd00:1::ffff:1"))
        #expect(try !NetworkCreateCommand.subnetMatches("fd00:1::/64", "fd00:2::1"))
        #expect(try !NetworkCreateCommand.subnetMatches("10.0.0.0/8", "fd00::1"))
        #expect(try NetworkCreateCommand.subnetMatches("10.0.0.0/8", "10.1.0.0/16"))
        #expect(CIDR.parseIP("::ffff:10.0.0.1")?.count == 16)
        #expect(CIDR.parseIP("1:2:3:4:5:6:7:8:9") == nil)
    }

    // MARK: ls

    static let listBody = #"""
    [{"Name":"none","Id":"aaaa000011112222333344445555666677778888999900001111222233334444","Created":"2026-12-07T18:00:00.5Z","Scope":"local","Driver":"null","EnableIPv4":true,"EnableIPv6":false,"Internal":false,"Labels":{}},
     {"Name":"net10","Id":"bbbb000011112222333344445555666677778888999900001111222233334444","Created":"2026-12-07T18:00:01.123456789Z","Scope":"local","Driver":"bridge","EnableIPv4":true,"EnableIPv6":true,"Internal":true,"Labels":{"com.example.tier":"db","a":"b"}},
     {"Name":"bridge","Id":"cccc000011112222333344445555666677778888999900001111222233334444","Created":"2026-12-07T18:00:02Z","Scope":"local","Driver":"bridge","EnableIPv4":true,"EnableIPv6":false,"Internal":false,"Labels":{}},
     {"Name":"net2","Id":"dddd000011112222333344445555666677778888999900001111222233334444","Created":"2026-12-07T18:00:03+01:00","Scope":"local","Driver":"bridge","Internal":false,"Labels":null}]
    """#

    @Test func listTableIsSortedByNameWithShortIDs() throws {
        let d = try TestDaemon(replies: [Self.ping, Self.reply(200, Self.listBody), Self.ping, Self.reply(200, Self.listBody),
                                         Self.ping, Self.reply(200, Self.listBody), Self.ping, Self.reply(200, "[]")])
        defer { d.stop() }
        var (status, out, err) = try run(["-H", d.host, "network", "ls"])
        #expect(status == 0 && err == "")
        #expect(out == """
        NETWORK ID     NAME      DRIVER    SCOPE
        cccc00001111   bridge    bridge    local
        dddd00001111   net2      bridge    local
        bbbb00001111   net10     bridge    local
        aaaa00001111   none      null      local

        """)
        #expect(RegistryCommandTests.requestLine(d.requests[1]) == "GET /v1.41/networks HTTP/1.1")
        (status, out, _) = try run(["-H", d.host, "network", "list", "-q"])
        #expect(status == 0 && out == "cccc00001111\ndddd00001111\nbbbb00001111\naaaa00001111\n")
        (status, out, _) = try run(["-H", d.host, "network", "ls", "-q", "--no-trunc"])
        #expect(status == 0 && out.hasPrefix("cccc000011112222333344445555666677778888999900001111222233334444\n"))
        (status, out, _) = try run(["-H", d.host, "network", "ls"])
        #expect(status == 0 && out == "NETWORK ID   NAME      DRIVER    SCOPE\n")
    }

    @Test func listSendsFiltersAndFormatsTemplatesAndJSON() throws {
        let d = try TestDaemon(replies: [Self.ping, Self.reply(200, Self.listBody), Self.ping, Self.reply(200, Self.listBody),
                                         Self.ping, Self.reply(200, Self.listBody)])
        defer { d.stop() }
        var (status, out, err) = try run(["-H", d.host, "network", "ls", "-f", "driver=bridge", "--filter", "type=custom",
                                          "--format", #"{{.Name}}|{{.Labels}}|{{.Label "com.example.tier"}}|{{.IPv4}}|{{.IPv6}}|{{.Internal}}|{{.CreatedAt}}"#])
        #expect(status == 0 && err == "")
        #expect(RegistryCommandTests.requestLine(d.requests[1]) ==
            "GET /v1.41/networks?filters=%7B%22driver%22%3A%7B%22bridge%22%3Atrue%7D%2C%22type%22%3A%7B%22custom%22%3Atrue%7D%7D HTTP/1.1")
        #expect(out == """
        bridge|||true|false|false|2026-12-07 18:00:02 +0000 UTC
        net2|||false|false|false|2026-12-07 18:00:03 +0100 +0100
        net10|a=b,com.example.tier=db|db|true|true|true|2026-12-07 18:00:01.123456789 +0000 UTC
        none|||true|false|false|2026-12-07 18:00:00.5 +0000 UTC

        """)
        (status, out, _) = try run(["-H", d.host, "network", "ls", "--format", "json"])
        #expect(status == 0)
        #expect(out.split(separator: "\n").first.map(String.init) ==
            #"{"CreatedAt":"2026-12-07 18:00:02 +0000 UTC","Driver":"bridge","ID":"cccc00001111","IPv4":"true","IPv6":"false","Internal":"false","Labels":"","Name":"bridge","Scope":"local"}"#)
        (status, out, _) = try run(["-H", d.host, "network", "ls", "--no-trunc", "--format", #"table {{.ID}}\t{{.Name}}\t{{.IPv6}}"#])
        #expect(status == 0)
        #expect(out.hasPrefix("NETWORK ID                                                         NAME      IPV6\ncccc000011112222333344445555666677778888999900001111222233334444   bridge    false\n"))
    }

    // MARK: inspect

    static let networkJSON = #"{"Name":"n","Id":"2c2a","Created":"2026-12-07T18:00:00Z","Scope":"local","Driver":"bridge","EnableIPv6":false,"IPAM":{"Driver":"default","Options":{},"Config":[{"Subnet":"172.18.0.0/16","Gateway":"172.18.0.1"}]},"Internal":false,"Containers":{},"Options":{},"Labels":{}}"#

    @Test func inspectPrintsTheDaemonsJSONAndReportsMissingNetworks() throws {
        let d = try TestDaemon(replies: [Self.ping, Self.reply(200, Self.networkJSON), Self.reply(404, #"{"message":"network nope not found"}"#),
                                         Self.ping, Self.reply(200, Self.networkJSON),
                                         Self.ping, Self.reply(404, #"{"message":"network nope not found"}"#)])
        defer { d.stop() }
        var (status, out, err) = try run(["-H", d.host, "network", "inspect", "n", "nope"])
        #expect(status == 1)
        #expect(out.hasPrefix("[\n    {\n        \"Name\": \"n\",\n        \"Id\": \"2c2a\",\n"))
        #expect(out.contains("        \"IPAM\": {\n            \"Driver\": \"default\",\n            \"Options\": {},\n            \"Config\": [\n                {\n                    \"Subnet\": \"172.18.0.0/16\","))
        #expect(out.hasSuffix("\n    }\n]\n"))
        #expect(err == "Error response from daemon: network nope not found\n")
        #expect(RegistryCommandTests.requestLine(d.requests[1]) == "GET /v1.41/networks/n HTTP/1.1")
        (status, out, err) = try run(["-H", d.host, "network", "inspect", "-v", "-f", "{{.Name}} {{(index .IPAM.Config 0).Gateway}}", "n"])
        #expect(status == 0 && err == "" && out == "n 172.18.0.1\n")
        #expect(RegistryCommandTests.requestLine(d.requests[4]) == "GET /v1.41/networks/n?verbose=true HTTP/1.1")
        (status, out, err) = try run(["-H", d.host, "network", "inspect", "nope"])
        #expect(status == 1 && out == "[]\n")
        #expect(err == "Error response from daemon: network nope not found\n")
    }

    // MARK: rm

    @Test func removeLooksUpThenDeletesEachAndReportsFailures() throws {
        let d = try TestDaemon(replies: [
            Self.ping,
            Self.reply(200, Self.networkJSON), Self.reply(204),
            Self.reply(404, #"{"message":"network gone not found"}"#), Self.reply(404, #"{"message":"network gone not found"}"#),
            Self.reply(200, Self.networkJSON), Self.reply(403, #"{"message":"bridge is a pre-defined network and cannot be removed"}"#),
            Self.ping, Self.reply(404, #"{"message":"network gone not found"}"#), Self.reply(404, #"{"message":"network gone not found"}"#),
        ])
        defer { d.stop() }
        var (status, out, err) = try run(["-H", d.host, "network", "rm", "n", "gone", "bridge"])
        #expect(status == 1)
        #expect(out == "n\n")
        #expect(err == "Error response from daemon: network gone not found\nError response from daemon: bridge is a pre-defined network and cannot be removed\n")
        #expect(d.requests[1...6].map(RegistryCommandTests.requestLine) == [
            "GET /v1.41/networks/n HTTP/1.1", "DELETE /v1.41/networks/n HTTP/1.1",
            "GET /v1.41/networks/gone HTTP/1.1", "DELETE /v1.41/networks/gone HTTP/1.1",
            "GET /v1.41/networks/bridge HTTP/1.1", "DELETE /v1.41/networks/bridge HTTP/1.1",
        ])
        // -f: a missing network is no error (and is not printed).
        (status, out, err) = try run(["-H", d.host, "network", "remove", "-f", "gone"])
        #expect(status == 0 && out == "" && err == "")
        (status, _, err) = try run(["-H", d.host, "network", "rm"])
        #expect(status == 1 && err.hasPrefix("berth: 'berth network rm' requires at least 1 argument"))
    }

    @Test func removingTheIngressNetworkAsksFirst() throws {
        let ingress = #"{"Name":"ingress","Id":"x","Ingress":true}"#
        let d = try TestDaemon(replies: [Self.ping, Self.reply(200, ingress),
                                         Self.ping, Self.reply(200, ingress), Self.reply(204)])
        defer { d.stop() }
        let prompt = NetworkRemoveCommand.ingressWarning + " [y/N] "
        var (status, out, err) = try run(["-H", d.host, "network", "rm", "ingress"], stdin: "n\n")
        #expect(status == 0 && err == "" && out == prompt)
        #expect(d.requests.count == 2)
        (status, out, err) = try run(["-H", d.host, "network", "rm", "ingress"], stdin: "y\n")
        #expect(status == 0 && err == "" && out == prompt + "ingress\n")
        #expect(RegistryCommandTests.requestLine(d.requests[4]) == "DELETE /v1.41/networks/ingress HTTP/1.1")
    }

    // MARK: prune

    @Test func pruneAsksFirstAndListsDeletedNetworks() throws {
        let d = try TestDaemon(replies: [Self.ping, Self.reply(200, #"{"NetworksDeleted":["n1","n2"]}"#),
                                         Self.ping, Self.reply(200, #"{"NetworksDeleted":null}"#)])
        defer { d.stop() }
        var (status, out, err) = try run(["-H", d.host, "network", "prune"], stdin: "n\n")
        #expect(status == 0 && err == "")
        #expect(out == "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] ")
        #expect(d.requests.isEmpty)
        (status, out, err) = try run(["-H", d.host, "network", "prune"], stdin: "y\n")
        #expect(status == 0 && err == "")
        #expect(out == "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] Deleted Networks:\nn1\nn2\n\n")
        #expect(RegistryCommandTests.requestLine(d.requests[1]) == "POST /v1.41/networks/prune HTTP/1.1")
        (status, out, err) = try run(["-H", d.host, "network", "prune", "-f", "--filter", "until=24h"])
        #expect(status == 0 && out == "" && err == "")
        #expect(RegistryCommandTests.requestLine(d.requests[3]) == "POST /v1.41/networks/prune?filters=%7B%22until%22%3A%7B%2224h%22%3Atrue%7D%7D HTTP/1.1")
    }

    // MARK: connect, disconnect

    @Test func connectSendsTheWholeEndpointSettings() throws {
        let d = try TestDaemon(replies: [Self.ping, Self.reply(200), Self.ping, Self.reply(200),
                                         Self.ping, Self.reply(404, #"{"message":"No such container: ghost"}"#)])
        defer { d.stop() }
        var (status, out, err) = try run(["-H", d.host, "network", "connect", "n", "c"])
        #expect(status == 0 && out == "" && err == "")
        #expect(RegistryCommandTests.requestLine(d.requests[1]) == "POST /v1.41/networks/n/connect HTTP/1.1")
        #expect(RegistryCommandTests.body(d.requests[1]) ==
            #"{"Container":"c","EndpointConfig":{"IPAMConfig":{},"Links":null,"Aliases":[],"MacAddress":"","DriverOpts":{},"GwPriority":0,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}"#)
        (status, out, err) = try run(["-H", d.host, "network", "connect", "--alias", "db,cache", "--alias", "x", "--ip", "172.20.0.9",
                                      "--ip6", "fd00::9", "--link", "web:w", "--link-local-ip", "169.254.1.1", "--driver-opt", " k = v ",
                                      "--gw-priority", "5", "n", "c"])
        #expect(status == 0 && err == "")
        #expect(RegistryCommandTests.body(d.requests[3]) ==
            #"{"Container":"c","EndpointConfig":{"IPAMConfig":{"IPv4Address":"172.20.0.9","IPv6Address":"fd00::9","LinkLocalIPs":["169.254.1.1"]},"Links":["web:w"],"Aliases":["db","cache","x"],"MacAddress":"","DriverOpts":{"k":"v"},"GwPriority":5,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}"#)
        (status, out, err) = try run(["-H", d.host, "network", "connect", "n", "ghost"])
        #expect(status == 1 && err == "Error response from daemon: No such container: ghost\n")
        (status, _, err) = try run(["-H", d.host, "network", "connect", "--driver-opt", "novalue", "n", "c"])
        #expect(status == 1 && err == "invalid key/value pair format in driver options\n")
        (status, _, err) = try run(["-H", d.host, "network", "connect", "--link", "a:b:c", "n", "c"])
        #expect(status == 125 && err.hasPrefix("invalid argument \"a:b:c\" for \"--link\" flag: bad format for links: a:b:c\n"))
        (status, _, err) = try run(["-H", d.host, "network", "connect", "n"])
        #expect(status == 1 && err.hasPrefix("berth: 'berth network connect' requires exactly 2 arguments"))
        #expect(d.requests.count == 6)
    }

    @Test func disconnectSendsContainerAndForce() throws {
        let d = try TestDaemon(replies: [Self.ping, Self.reply(200), Self.ping, Self.reply(200)])
        defer { d.stop() }
        var (status, out, err) = try run(["-H", d.host, "network", "disconnect", "n", "c"])
        #expect(status == 0 && out == "" && err == "")
        #expect(RegistryCommandTests.requestLine(d.requests[1]) == "POST /v1.41/networks/n/disconnect HTTP/1.1")
        #expect(RegistryCommandTests.body(d.requests[1]) == #"{"Container":"c","Force":false}"#)
        (status, out, err) = try run(["-H", d.host, "network", "disconnect", "-f", "n", "c"])
        #expect(status == 0)
        #expect(RegistryCommandTests.body(d.requests[3]) == #"{"Container":"c","Force":true}"#)
    }

    // MARK: help

    @Test func groupHelpListsTheVerbs() throws {
        let (status, out, _) = try run(["network", "--help"])
        #expect(status == 0)
        for verb in ["connect", "create", "disconnect", "inspect", "ls", "prune", "rm"] {
            #expect(out.contains("  \(verb) "))
        }
    }
}
