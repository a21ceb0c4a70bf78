import BerthCore

/// IPv4 routes in the main table.
extension RouteNetlink {
    /// Adds a main-table route to `destination` (nil: the default route) via `gateway` and/or out of
    /// `device`. A route already present throws `.alreadyExists`, so callers see a clash.
    public func addRoute(destination: IPv4Subnet?, gateway: IPv4Address?, device: String?) throws {
        let target = destination.map { $0.canonical.description } ?? "default"
        let what = "add route \(target)" + (gateway.map { " via \($0)" } ?? "") + (device.map { " dev \($0)" } ?? "")
        guard gateway != nil || device != nil else {
            throw BerthError(.invalidArgument, what, cause: "a route needs a gateway or a device")
        }
        let deviceIndex: Int32?
        if let device {
            guard let index = try linkIndex(named: device) else { throw Self.noSuchLink(what, device) }
            deviceIndex = index
        } else {
            deviceIndex = nil
        }
        let prefixLength = destination?.prefixLength ?? 0
        var message = NetlinkMessage(type: RTNL.RTM_NEWROUTE, flags: Self.createFlags)
        // Without a gateway the destination is directly on the link (`ip route add X dev D`).
        message.appendRtMsg(family: RTNL.AF_INET, destinationLength: UInt8(prefixLength), table: RTNL.RT_TABLE_MAIN,
                            protocol: RTNL.RTPROT_BOOT, scope: gateway == nil ? RTNL.RT_SCOPE_LINK : RTNL.RT_SCOPE_UNIVERSE,
                            type: RTNL.RTN_UNICAST)
        if let destination, prefixLength > 0 {
            message.appendAttribute(RTNL.RTA_DST, bytes: destination.network.bytes)
        }
        if let gateway { message.appendAttribute(RTNL.RTA_GATEWAY, bytes: gateway.bytes) }
        if let deviceIndex { message.appendAttribute(RTNL.RTA_OIF, uint32: UInt32(bitPattern: deviceIndex)) }
        try request(message, what)
    }

    /// Destinations of the main table's IPv4 routes (0.0.0.0/0 for a default route), for overlap
    /// checks when picking a network's subnet.
    public func ipv4Routes() throws -> [IPv4Subnet] {
        var message = NetlinkMessage(type: RTNL.RTM_GETROUTE, flags: RTNL.NLM_F_REQUEST | RTNL.NLM_F_DUMP)
        message.appendRtMsg(family: RTNL.AF_INET, destinationLength: 0, table: 0, protocol: 0, scope: 0, type: 0)
        var result: [IPv4Subnet] = []
        for reply in try dump(message, "list routes") where reply.type == RTNL.RTM_NEWROUTE {
            let body = reply.body
            guard body.count >= RTNL.rtmsgSize, body[body.startIndex] == RTNL.AF_INET else { continue }
            let attributes = NetlinkAttributes(body.dropFirst(RTNL.rtmsgSize))
            // rtm_table is 8 bits; RTA_TABLE holds the full id when there is one.
            let table = attributes.uint32(RTNL.RTA_TABLE) ?? UInt32(body[body.startIndex + 4])
            guard table == UInt32(RTNL.RT_TABLE_MAIN) else { continue }
            let prefixLength = Int(body[body.startIndex + 1])
            let destination = attributes.ipv4(RTNL.RTA_DST) ?? IPv4Address(0)
            result.append(IPv4Subnet(address: destination, prefixLength: prefixLength))
        }
        return result
    }
}
