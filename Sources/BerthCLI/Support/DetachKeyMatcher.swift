/// Finds the detach sequence in keyboard input that arrives in arbitrary pieces.
public struct DetachKeyMatcher {
    let keys: [UInt8]
    var matched = 0

    public init(keys: [UInt8]) { self.keys = keys }

    /// True once the whole sequence has been typed.
    public mutating func feed(_ bytes: [UInt8]) -> Bool {
        guard !keys.isEmpty else { return false }
        for b in bytes {
            if b == keys[matched] {
                matched += 1
                if matched == keys.count { matched = 0; return true }
            } else {
                matched = b == keys[0] ? 1 : 0
            }
        }
        return false
    }
}
