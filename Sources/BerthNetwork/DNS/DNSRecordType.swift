/// The record types the embedded server answers itself; everything else is only forwarded.
public enum DNSRecordType {
    public static let a: UInt16 = 1
    public static let ptr: UInt16 = 12
    public static let aaaa: UInt16 = 28
    public static let any: UInt16 = 255
    public static let classIN: UInt16 = 1
}
