import BerthCore

/// Docker's detach key sequence (`ctrl-p,ctrl-q` by default): the bytes that end an attach without
/// touching the process, and a matcher that holds back a partial match until it is decided.
public struct DetachKeys: Sendable, Equatable {
    public static let defaultSpec = "ctrl-p,ctrl-q"
    public let bytes: [UInt8]

    /// Parses `ctrl-<x>` (a–z, @, [, \, ], ^, _) and single characters, comma separated.
    public init(_ spec: String?) throws {
        let text = (spec?.isEmpty ?? true) ? Self.defaultSpec : spec ?? Self.defaultSpec
        var out: [UInt8] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let key = part.lowercased()
            if key.hasPrefix("ctrl-"), key.count == 6, let c = key.utf8.last {
                switch c {
                case UInt8(ascii: "a")...UInt8(ascii: "z"): out.append(c - UInt8(ascii: "a") + 1)
                case UInt8(ascii: "@"): out.append(0)
                case UInt8(ascii: "["): out.append(27)
                case UInt8(ascii: "\\"): out.append(28)
                case UInt8(ascii: "]"): out.append(29)
                case UInt8(ascii: "^"): out.append(30)
                case UInt8(ascii: "_"): out.append(31)
                default: throw BerthError(.invalidArgument, "Invalid detach keys (\(text)) provided")
                }
            } else if part.utf8.count == 1, let c = part.utf8.first {
                out.append(c)
            } else {
                throw BerthError(.invalidArgument, "Invalid detach keys (\(text)) provided")
            }
        }
        bytes = out
    }

    /// Feeds input through the matcher: what may go to the process, and whether the sequence completed.
    public struct Matcher: Sendable {
        let keys: [UInt8]
        var held: [UInt8] = []

        public init(_ keys: DetachKeys) { self.keys = keys.bytes }

        public mutating func feed(_ input: [UInt8]) -> (forward: [UInt8], detach: Bool) {
            var forward: [UInt8] = []
            for byte in input {
                if !keys.isEmpty, byte == keys[held.count] {
                    held.append(byte)
                    if held.count == keys.count { return (forward, true) }
                } else {
                    forward += held
                    held = []
                    if !keys.isEmpty, byte == keys[0] {
                        held.append(byte)
                        if keys.count == 1 { return (forward, true) }
                    } else {
                        forward.append(byte)
                    }
                }
            }
            return (forward, false)
        }
    }
}
