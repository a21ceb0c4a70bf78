import BerthCore
import BerthLinux
import Glibc

/// Links: lookups, creation (bridge, veth, macvlan, dummy), master, up, delete.
extension RouteNetlink {
    /// The link's ifindex, or nil when there is no such link.
    public func linkIndex(named name: String) throws -> Int32? {
        guard let reply = try link(named: name, "look up link \(name)") else { return nil }
        return reply.body.loadInteger(Int32.self, at: reply.body.startIndex + 4)
    }

    public func linkNames() throws -> [String] {
        try linkTable().sorted { $0.key < $1.key }.map(\.value)
    }

    public func macAddress(link name: String) throws -> [UInt8] {
        guard let reply = try link(named: name, "read mac address of \(name)") else {
            throw Self.noSuchLink("read mac address of \(name)")
        }
        let attributes = NetlinkAttributes(reply.body.dropFirst(RTNL.ifinfomsgSize))
        return Array(attributes[RTNL.IFLA_ADDRESS] ?? [])
    }

    /// EEXIST -> BerthError(.alreadyExists, "create bridge NAME").
    public func createBridge(name: String, mtu: Int? = nil) throws {
        var message = NetlinkMessage(type: RTNL.RTM_NEWLINK, flags: Self.createFlags)
        message.appendIfInfo()
        message.appendAttribute(RTNL.IFLA_IFNAME, string: name)
        if let mtu { message.appendAttribute(RTNL.IFLA_MTU, uint32: UInt32(clamping: mtu)) }
        message.appendNested(RTNL.IFLA_LINKINFO) { info in
            info.appendAttribute(RTNL.IFLA_INFO_KIND, string: "bridge")
        }
        try request(message, "create bridge \(name)")
    }

    /// A veth pair whose peer is born inside `peerNamespacePath` (so it may be called "eth0" without
    /// clashing with the host), with `peerMAC` if given. `mtu` applies to both ends.
    public func createVeth(name: String, peerName: String, peerNamespacePath: String?, peerMAC: [UInt8]?, mtu: Int?) throws {
        let what = "create veth \(name) with peer \(peerName)"
        let nsfd = try peerNamespacePath.map { try Self.openNamespace($0, what) }
        defer { if let nsfd { close(nsfd) } }
        var message = NetlinkMessage(type: RTNL.RTM_NEWLINK, flags: Self.createFlags)
        message.appendIfInfo()
        message.appendAttribute(RTNL.IFLA_IFNAME, string: name)
        if let mtu { message.appendAttribute(RTNL.IFLA_MTU, uint32: UInt32(clamping: mtu)) }
        message.appendNested(RTNL.IFLA_LINKINFO) { info in
            info.appendAttribute(RTNL.IFLA_INFO_KIND, string: "veth")
            info.appendNested(RTNL.IFLA_INFO_DATA) { data in
                // VETH_INFO_PEER carries a whole ifinfomsg followed by the peer's own attributes.
                data.appendNested(RTNL.VETH_INFO_PEER) { peer in
                    peer.appendIfInfo()
                    peer.appendAttribute(RTNL.IFLA_IFNAME, string: peerName)
                    if let nsfd { peer.appendAttribute(RTNL.IFLA_NET_NS_FD, int32: nsfd) }
                    if let peerMAC { peer.appendAttribute(RTNL.IFLA_ADDRESS, bytes: peerMAC) }
                    if let mtu { peer.appendAttribute(RTNL.IFLA_MTU, uint32: UInt32(clamping: mtu)) }
                }
            }
        }
        try request(message, what)
    }

    /// A macvlan on `parent` (a link of this socket's namespace), created directly in
    /// `namespacePath` under `name`. `mode`: "bridge" | "private" | "vepa" | "passthru".
    public func createMacvlan(name: String, parent: String, mode: String, namespacePath: String?, mac: [UInt8]?) throws {
        let what = "create macvlan \(name) on \(parent)"
        let modes = ["bridge": RTNL.MACVLAN_MODE_BRIDGE, "private": RTNL.MACVLAN_MODE_PRIVATE,
                     "vepa": RTNL.MACVLAN_MODE_VEPA, "passthru": RTNL.MACVLAN_MODE_PASSTHRU]
        guard let modeValue = modes[mode] else {
            throw BerthError(.invalidArgument, what, cause: "unknown macvlan mode \(mode)")
        }
        guard let parentIndex = try linkIndex(named: parent) else { throw Self.noSuchLink(what, parent) }
        let nsfd = try namespacePath.map { try Self.openNamespace($0, what) }
        defer { if let nsfd { close(nsfd) } }
        var message = NetlinkMessage(type: RTNL.RTM_NEWLINK, flags: Self.createFlags)
        message.appendIfInfo()
        message.appendAttribute(RTNL.IFLA_IFNAME, string: name)
        message.appendAttribute(RTNL.IFLA_LINK, uint32: UInt32(bitPattern: parentIndex))
        if let nsfd { message.appendAttribute(RTNL.IFLA_NET_NS_FD, int32: nsfd) }
        if let mac { message.appendAttribute(RTNL.IFLA_ADDRESS, bytes: mac) }
        message.appendNested(RTNL.IFLA_LINKINFO) { info in
            info.appendAttribute(RTNL.IFLA_INFO_KIND, string: "macvlan")
            info.appendNested(RTNL.IFLA_INFO_DATA) { data in
                data.appendAttribute(RTNL.IFLA_MACVLAN_MODE, uint32: modeValue)
            }
        }
        try request(message, what)
    }

    /// A dummy link (a macvlan parent in tests).
    public func createDummy(name: String) throws {
        var message = NetlinkMessage(type: RTNL.RTM_NEWLINK, flags: Self.createFlags)
        message.appendIfInfo()
        message.appendAttribute(RTNL.IFLA_IFNAME, string: name)
        message.appendNested(RTNL.IFLA_LINKINFO) { info in
            info.appendAttribute(RTNL.IFLA_INFO_KIND, string: "dummy")
        }
        try request(message, "create dummy \(name)")
    }

    public func setMaster(link: String, master: String) throws {
        let what = "attach \(link) to \(master)"
        guard let index = try linkIndex(named: link) else { throw Self.noSuchLink(what, link) }
        guard let masterIndex = try linkIndex(named: master) else { throw Self.noSuchLink(what, master) }
        var message = NetlinkMessage(type: RTNL.RTM_SETLINK, flags: RTNL.NLM_F_REQUEST | RTNL.NLM_F_ACK)
        message.appendIfInfo(index: index)
        message.appendAttribute(RTNL.IFLA_MASTER, uint32: UInt32(bitPattern: masterIndex))
        try request(message, what)
    }

    public func setUp(link: String) throws {
        let what = "set \(link) up"
        guard let index = try linkIndex(named: link) else { throw Self.noSuchLink(what, link) }
        var message = NetlinkMessage(type: RTNL.RTM_SETLINK, flags: RTNL.NLM_F_REQUEST | RTNL.NLM_F_ACK)
        message.appendIfInfo(index: index, flags: RTNL.IFF_UP, change: RTNL.IFF_UP)
        try request(message, what)
    }

    /// Deletes a link (a veth takes its peer with it). false when there was no such link.
    public func deleteLink(named name: String) throws -> Bool {
        var message = NetlinkMessage(type: RTNL.RTM_DELLINK, flags: RTNL.NLM_F_REQUEST | RTNL.NLM_F_ACK)
        message.appendIfInfo()
        message.appendAttribute(RTNL.IFLA_IFNAME, string: name)
        do {
            try request(message, "delete link \(name)")
            return true
        } catch let error as BerthError where error.code == .notFound {
            return false
        }
    }

    // MARK: helpers

    static let createFlags = RTNL.NLM_F_REQUEST | RTNL.NLM_F_ACK | RTNL.NLM_F_CREATE | RTNL.NLM_F_EXCL

    /// index -> name for every link in this namespace.
    func linkTable() throws -> [Int32: String] {
        var message = NetlinkMessage(type: RTNL.RTM_GETLINK, flags: RTNL.NLM_F_REQUEST | RTNL.NLM_F_DUMP)
        message.appendIfInfo()
        var table: [Int32: String] = [:]
        for reply in try dump(message, "list links") where reply.type == RTNL.RTM_NEWLINK {
            guard reply.body.count >= RTNL.ifinfomsgSize else { continue }
            let index = reply.body.loadInteger(Int32.self, at: reply.body.startIndex + 4)
            if let name = NetlinkAttributes(reply.body.dropFirst(RTNL.ifinfomsgSize)).string(RTNL.IFLA_IFNAME) {
                table[index] = name
            }
        }
        return table
    }

    /// The RTM_NEWLINK answer for a link looked up by name, or nil when it does not exist.
    private func link(named name: String, _ what: String) throws -> Reply? {
        var message = NetlinkMessage(type: RTNL.RTM_GETLINK, flags: RTNL.NLM_F_REQUEST | RTNL.NLM_F_ACK)
        message.appendIfInfo()
        message.appendAttribute(RTNL.IFLA_IFNAME, string: name)
        do {
            let replies = try request(message, what)
            return replies.first { $0.type == RTNL.RTM_NEWLINK && $0.body.count >= RTNL.ifinfomsgSize }
        } catch let error as BerthError where error.code == .notFound {
            return nil
        }
    }

    static func noSuchLink(_ what: String, _ name: String? = nil) -> BerthError {
        BerthError(.notFound, what, cause: name.map { "no such link \($0)" } ?? "no such link")
    }

    static func openNamespace(_ path: String, _ what: String) throws -> Int32 {
        let fd = berthOpen(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            throw BerthError(code == ENOENT ? .notFound : .system, what, cause: "open network namespace \(path): \(errnoText(code))")
        }
        return fd
    }
}
