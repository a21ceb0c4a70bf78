import BerthCore

/// IPv4 addresses on links.
extension RouteNetlink {
    /// Adds `address/prefixLength` to `link` (with the broadcast address `ip addr add ... brd +`
    /// would set). An address already present is fine: setup may be retried after a crash.
    public func addAddress(link: String, address: IPv4Address, prefixLength: Int) throws {
        let what = "add address \(address)/\(prefixLength) to \(link)"
        guard (0...32).contains(prefixLength) else {
            throw BerthError(.invalidArgument, what, cause: "prefix length out of range")
        }
        guard let index = try linkIndex(named: link) else { throw Self.noSuchLink(what, link) }
        let subnet = IPv4Subnet(address: address, prefixLength: prefixLength)
        var message = NetlinkMessage(type: RTNL.RTM_NEWADDR, flags: Self.createFlags)
        message.appendIfAddr(family: RTNL.AF_INET, prefixLength: UInt8(prefixLength), scope: RTNL.RT_SCOPE_UNIVERSE,
                             index: UInt32(bitPattern: index))
        message.appendAttribute(RTNL.IFA_LOCAL, bytes: address.bytes)
        message.appendAttribute(RTNL.IFA_ADDRESS, bytes: address.bytes)
        if prefixLength < 31 { message.appendAttribute(RTNL.IFA_BROADCAST, bytes: subnet.broadcast.bytes) }
        do {
            try request(message, what)
        } catch let error as BerthError where error.code == .alreadyExists {
            return
        }
    }

    /// Every IPv4 address in this namespace (or on `link` only), with the link it sits on.
    public func ipv4Addresses(link: String? = nil) throws -> [(link: String, subnet: IPv4Subnet)] {
        let names = try linkTable()
        var message = NetlinkMessage(type: RTNL.RTM_GETADDR, flags: RTNL.NLM_F_REQUEST | RTNL.NLM_F_DUMP)
        message.appendIfAddr(family: RTNL.AF_INET, prefixLength: 0, scope: 0, index: 0)
        var result: [(link: String, subnet: IPv4Subnet)] = []
        for reply in try dump(message, "list addresses") where reply.type == RTNL.RTM_NEWADDR {
            let body = reply.body
            guard body.count >= RTNL.ifaddrmsgSize, body[body.startIndex] == RTNL.AF_INET else { continue }
            let prefixLength = Int(body[body.startIndex + 1])
            let index = body.loadInteger(Int32.self, at: body.startIndex + 4)
            let attributes = NetlinkAttributes(body.dropFirst(RTNL.ifaddrmsgSize))
            // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on point-to-point links.
            guard let address = attributes.ipv4(RTNL.IFA_LOCAL) ?? attributes.ipv4(RTNL.IFA_ADDRESS),
                  let name = names[index] else { continue }
            if let link, link != name { continue }
            result.append((link: name, subnet: IPv4Subnet(address: address, prefixLength: prefixLength)))
        }
        return result
    }
}
