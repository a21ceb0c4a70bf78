import BerthCore
import Foundation
import Glibc
import Testing
@testable import BerthNetwork

/// rtnetlink against the running kernel: the bridge network a container gets (bridge, veth with
/// `eth0` inside a pinned namespace, addresses, default route), macvlan, and error reporting.
/// Links are named `bt<hex>...` and deleted in `defer`; traffic only goes to addresses on them.
@Suite(.serialized, .enabled(if: getuid() == 0, "needs root to create links and network namespaces"))
struct RouteNetlinkTests {
    @Test func bridgeVethAddressesRouteAndPing() throws {
        let name = NetTestSupport.uniqueName()
        let bridge = name + "br", hostVeth = name + "v"
        let dir = NetTestSupport.tempDirectory()
        let nsPath = dir + "/ns"
        let host = try RouteNetlink()
        defer {
            _ = try? host.deleteLink(named: hostVeth)
            _ = try? host.deleteLink(named: bridge)
            NetTestSupport.removeTree(dir)
        }
        let subnet = try NetTestSupport.freeSubnet(host)
        let gateway = IPv4Address(subnet.network.value + 1)
        let containerAddress = IPv4Address(subnet.network.value + 2)
        let mac: [UInt8] = [0x02, 0x42, 0xac, 0x11, 0x00, 0x02]

        try NetworkNamespace.create(at: nsPath)
        try host.createBridge(name: bridge, mtu: 1400)
        try host.addAddress(link: bridge, address: gateway, prefixLength: 24)
        try host.addAddress(link: bridge, address: gateway, prefixLength: 24)  // already there: fine
        try host.setUp(link: bridge)
        try host.createVeth(name: hostVeth, peerName: "eth0", peerNamespacePath: nsPath, peerMAC: mac, mtu: 1400)
        try host.setMaster(link: hostVeth, master: bridge)
        try host.setUp(link: hostVeth)

        let container = try RouteNetlink(namespacePath: nsPath)
        try container.setUp(link: "lo")
        try container.setUp(link: "eth0")
        try container.addAddress(link: "eth0", address: containerAddress, prefixLength: 24)
        try container.addRoute(destination: nil, gateway: gateway, device: "eth0")

        // What we built, through our own reads...
        #expect(try host.linkIndex(named: bridge) != nil)
        #expect(try container.linkNames().sorted() == ["eth0", "lo"])
        #expect(try host.macAddress(link: hostVeth) != mac)  // the MAC went to the peer, not the host end
        #expect(try container.macAddress(link: "eth0") == mac)
        #expect(try host.macAddress(link: bridge).count == 6)
        #expect(try host.ipv4Addresses(link: bridge).map(\.subnet) == [IPv4Subnet(address: gateway, prefixLength: 24)])
        let containerAddresses = try container.ipv4Addresses()
        #expect(containerAddresses.contains { $0.link == "eth0" && $0.subnet == IPv4Subnet(address: containerAddress, prefixLength: 24) })
        #expect(containerAddresses.contains { $0.link == "lo" && $0.subnet.address == IPv4Address(127, 0, 0, 1) })
        #expect(try host.ipv4Routes().contains(subnet))
        let containerRoutes = try container.ipv4Routes()
        #expect(containerRoutes.contains(IPv4Subnet(address: IPv4Address(0), prefixLength: 0)))
        #expect(containerRoutes.contains(subnet))

        // ...and through iproute2's eyes.
        let routes = try NetTestSupport.run("nsenter", "--net=\(nsPath)", "ip", "route")
        #expect(routes.contains("default via \(gateway) dev eth0"))
        let addresses = try NetTestSupport.run("nsenter", "--net=\(nsPath)", "ip", "-br", "addr", "show", "eth0")
        #expect(addresses.contains("\(containerAddress)/24"))
        let veth = try NetTestSupport.run("ip", "-d", "link", "show", hostVeth)
        #expect(veth.contains("master \(bridge)"))
        #expect(veth.contains("mtu 1400"))

        try NetTestSupport.run("ping", "-c1", "-W1", containerAddress.description)

        // Deleting the host end takes `eth0` with it.
        #expect(try host.deleteLink(named: hostVeth))
        #expect(try container.linkNames() == ["lo"])
        #expect(try host.deleteLink(named: bridge))
        #expect(try host.linkIndex(named: bridge) == nil)
    }

    @Test func macvlanIsCreatedInsideTheNamespace() throws {
        let name = NetTestSupport.uniqueName()
        let parent = name + "d", macvlan = name + "m"
        let dir = NetTestSupport.tempDirectory()
        let nsPath = dir + "/ns"
        let host = try RouteNetlink()
        defer {
            _ = try? host.deleteLink(named: macvlan)
            _ = try? host.deleteLink(named: parent)
            _ = try? host.deleteLink(named: parent + "p")
            NetTestSupport.removeTree(dir)
        }
        try NetworkNamespace.create(at: nsPath)
        try Self.createParent(parent, host)
        try host.setUp(link: parent)
        let mac: [UInt8] = [0x02, 0x42, 0x0a, 0x00, 0x00, 0x07]
        try host.createMacvlan(name: "eth0", parent: parent, mode: "bridge", namespacePath: nsPath, mac: mac)

        let container = try RouteNetlink(namespacePath: nsPath)
        #expect(try container.linkNames().sorted() == ["eth0", "lo"])
        #expect(try container.macAddress(link: "eth0") == mac)
        let details = try NetTestSupport.run("nsenter", "--net=\(nsPath)", "ip", "-d", "link", "show", "eth0")
        #expect(details.contains("macvlan mode bridge"))

        let badMode = #expect(throws: BerthError.self) {
            try host.createMacvlan(name: macvlan, parent: parent, mode: "sideways", namespacePath: nil, mac: nil)
        }
        #expect(badMode?.code == .invalidArgument)
        #expect(badMode?.message.contains(macvlan) == true)
        let noParent = #expect(throws: BerthError.self) {
            try host.createMacvlan(name: macvlan, parent: name + "x", mode: "private", namespacePath: nil, mac: nil)
        }
        #expect(noParent?.code == .notFound)
        #expect(noParent?.description.contains(name + "x") == true)
    }

    @Test func errorsNameTheLinkAndAbsentLinksAreNotErrors() throws {
        let name = NetTestSupport.uniqueName()
        let bridge = name + "br"
        let host = try RouteNetlink()
        defer { _ = try? host.deleteLink(named: bridge) }

        #expect(try host.deleteLink(named: name + "none") == false)
        #expect(try host.linkIndex(named: name + "none") == nil)

        try host.createBridge(name: bridge)
        let exists = #expect(throws: BerthError.self) { try host.createBridge(name: bridge) }
        #expect(exists?.code == .alreadyExists)
        #expect(exists?.description == "create bridge \(bridge): file exists")

        let missing = #expect(throws: BerthError.self) { try host.setUp(link: name + "none") }
        #expect(missing?.code == .notFound)
        #expect(missing?.description.contains(name + "none") == true)

        let noMaster = #expect(throws: BerthError.self) { try host.setMaster(link: bridge, master: name + "none") }
        #expect(noMaster?.code == .notFound)
        #expect(noMaster?.description.contains(name + "none") == true)

        let noRoute = #expect(throws: BerthError.self) { try host.addRoute(destination: nil, gateway: nil, device: nil) }
        #expect(noRoute?.code == .invalidArgument)

        let noLink = #expect(throws: BerthError.self) { try host.macAddress(link: name + "none") }
        #expect(noLink?.code == .notFound)
        #expect(noLink?.description.contains(name + "none") == true)

        // A veth whose peer namespace file is missing names both the link and the path.
        let noNamespace = #expect(throws: BerthError.self) {
            try host.createVeth(name: name + "v", peerName: "eth0", peerNamespacePath: "/nonexistent/\(name)", peerMAC: nil, mtu: nil)
        }
        #expect(noNamespace?.code == .notFound)
        #expect(noNamespace?.description.contains(name + "v") == true)
        #expect(noNamespace?.description.contains("/nonexistent/\(name)") == true)

        #expect(try host.deleteLink(named: bridge))
        #expect(try host.deleteLink(named: bridge) == false)
    }

    @Test func aDumpLargerThanOneDatagramIsReadWhole() throws {
        // Many links make the link dump span several datagrams (NLM_F_MULTI batches).
        let name = NetTestSupport.uniqueName()
        let host = try RouteNetlink()
        let names = (0..<40).map { "\(name)n\($0)" }
        defer { for link in names { _ = try? host.deleteLink(named: link) } }
        for link in names { try host.createBridge(name: link) }
        let listed = Set(try host.linkNames())
        #expect(names.allSatisfy(listed.contains))
    }

    /// A macvlan parent: a dummy where the kernel has the dummy driver; otherwise (CONFIG_DUMMY off,
    /// as on small VM kernels) one end of a host-side veth pair, which is just as good a lower device.
    static func createParent(_ name: String, _ host: RouteNetlink) throws {
        do {
            try host.createDummy(name: name)
        } catch let error as BerthError where error.code == .unsupported {
            #expect(error.message == "create dummy \(name)")
            try host.createVeth(name: name, peerName: name + "p", peerNamespacePath: nil, peerMAC: nil, mtu: nil)
        }
    }
}
