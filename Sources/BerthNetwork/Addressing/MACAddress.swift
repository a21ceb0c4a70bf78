/// A 48-bit MAC address, written lowercase colon-separated as dockerd shows it.
public struct MACAddress: Sendable, Hashable, Codable, CustomStringConvertible {
    public var bytes: [UInt8]

    public init?(bytes: [UInt8]) {
        guard bytes.count == 6 else { return nil }
        self.bytes = bytes
    }

    /// `aa:bb:cc:dd:ee:ff` (also with `-`); a multicast address is refused, as the kernel would.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(omittingEmptySubsequences: false) { $0 == ":" || $0 == "-" }
        guard parts.count == 6 else { return nil }
        var out: [UInt8] = []
        for part in parts {
            guard part.count == 2, let byte = UInt8(part, radix: 16) else { return nil }
            out.append(byte)
        }
        guard out[0] & 1 == 0 else { return nil }
        bytes = out
    }

    /// dockerd's derived address: locally administered 02:42 followed by the IPv4 address, so a
    /// container's MAC is stable for its address and never collides on the bridge.
    public init(derivedFrom ip: IPv4Address) {
        bytes = [0x02, 0x42] + ip.bytes
    }

    public var description: String {
        bytes.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined(separator: ":")
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = MACAddress(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid MAC address \(text)"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
