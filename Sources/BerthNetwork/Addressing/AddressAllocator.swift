import BerthCore

/// IPAM for one subnet (libnetwork's default driver): addresses come from the ip-range (the whole
/// subnet by default), the network and broadcast addresses and the gateway are never handed out, and
/// allocation continues after the last address given, so a released address is not reused at once.
public struct AddressAllocator: Sendable {
    public let subnet: IPv4Subnet
    public let range: IPv4Subnet
    public let gateway: IPv4Address?
    private var used: Set<UInt32> = []
    private var next: UInt32

    public init(subnet: IPv4Subnet, range: IPv4Subnet? = nil, gateway: IPv4Address?, reserved: [IPv4Address] = []) {
        self.subnet = subnet.canonical
        self.range = (range ?? subnet).canonical
        self.gateway = gateway
        next = self.range.network.value
        for address in reserved { used.insert(address.value) }
        if let gateway { used.insert(gateway.value) }
    }

    public var allocated: Set<IPv4Address> { Set(used.map(IPv4Address.init)) }

    func assignable(_ value: UInt32) -> Bool {
        let network = subnet.network.value, broadcast = subnet.broadcast.value
        // A /31 or /32 has no network or broadcast address to skip.
        if subnet.prefixLength < 31, value == network || value == broadcast { return false }
        return !used.contains(value)
    }

    /// Takes `preferred` (`--ip`), which must be in the subnet and free, or the next free address in the range.
    public mutating func allocate(_ preferred: IPv4Address? = nil) throws -> IPv4Address {
        if let preferred {
            guard subnet.contains(preferred) else {
                throw BerthError(.invalidArgument, "invalid address \(preferred): it does not belong to subnet \(subnet)")
            }
            guard assignable(preferred.value) else {
                throw BerthError(.alreadyExists, "Address already in use: \(preferred)")
            }
            used.insert(preferred.value)
            return preferred
        }
        let first = range.network.value, count = range.size
        var candidate = next
        for _ in 0..<count {
            if candidate < first || candidate > range.broadcast.value { candidate = first }
            if assignable(candidate) {
                used.insert(candidate)
                next = candidate &+ 1
                return IPv4Address(candidate)
            }
            candidate = candidate &+ 1
        }
        throw BerthError(.illegalState, "no available IPv4 addresses on this network's address pools: \(subnet)")
    }

    /// Marks an address taken without allocating (state rebuilt after a restart).
    public mutating func claim(_ address: IPv4Address) { used.insert(address.value) }

    public mutating func release(_ address: IPv4Address) {
        if address != gateway { used.remove(address.value) }
    }
}
