/// One entry of the answer, authority or additional section, with its RDATA left raw except for the
/// decoded conveniences below.
public struct DNSResourceRecord: Sendable, Equatable {
    public var name: String
    public var type: UInt16
    public var recordClass: UInt16
    public var ttl: UInt32
    public var data: [UInt8]
    /// For PTR/CNAME/NS records: the target name, decoded with compression against the whole message.
    public var targetName: String?

    public init(name: String, type: UInt16, recordClass: UInt16 = DNSRecordType.classIN, ttl: UInt32,
                data: [UInt8], targetName: String? = nil) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
        self.ttl = ttl
        self.data = data
        self.targetName = targetName
    }

    public var ipv4: IPv4Address? {
        type == DNSRecordType.a ? IPv4Address(bytes: data) : nil
    }
}
