/// One entry of the question section.
public struct DNSQuestion: Sendable, Equatable {
    /// Presentation form without the trailing dot, case as sent ("Redis.MyNet"); "" is the root.
    public var name: String
    public var type: UInt16
    public var recordClass: UInt16

    public init(name: String, type: UInt16, recordClass: UInt16 = DNSRecordType.classIN) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
    }

    /// The key into `DNSScope.records`: DNS names compare case-insensitively, but only in ASCII.
    public var lookupKey: String { DNSName.lowercasedASCII(name) }
}
