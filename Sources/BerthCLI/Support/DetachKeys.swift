/// docker's term.ToBytes: the `--detach-keys` syntax (`ctrl-p,ctrl-q`, `a,ctrl-@`). The CLI only
/// validates the keys and passes them to the daemon (`detachKeys` query / `DetachKeys` body), which
/// does the detaching; parsing here gives docker's error for a bad value before any request is sent.
public enum DetachKeys {
    public static let defaultKeys = "ctrl-p,ctrl-q"

    public static func parse(_ keys: String) throws -> [UInt8] {
        var out: [UInt8] = []
        for key in keys.split(separator: ",", omittingEmptySubsequences: false) {
            let k = key.lowercased()
            if k.count > 1 {
                guard k.hasPrefix("ctrl-"), k.count == 6, let c = k.last?.asciiValue else {
                    throw CLIError.message("Unknown character: '\(key)'", status: 1)
                }
                switch c {
                case 0x61...0x7A: out.append(c - 0x61 + 1)         // ctrl-a .. ctrl-z
                case 0x40: out.append(0)                            // ctrl-@
                case 0x5B...0x5F: out.append(c - 0x5B + 27)        // ctrl-[ \ ] ^ _
                default: throw CLIError.message("Unknown character: '\(key)'", status: 1)
                }
            } else if let c = key.first?.asciiValue, key.count == 1 {
                out.append(c)
            } else {
                throw CLIError.message("Unknown character: '\(key)'", status: 1)
            }
        }
        return out
    }
}
