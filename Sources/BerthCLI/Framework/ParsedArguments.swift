/// The result of parsing one command's arguments: flag values by long name (every occurrence, in
/// order) and the positional arguments.
public struct ParsedArguments: Sendable {
    public var values: [String: [String]] = [:]
    public var positional: [String] = []
    public var specs: [String: FlagSpec] = [:]

    public init() {}

    public func isSet(_ long: String) -> Bool { values[long] != nil }

    public func bool(_ long: String) -> Bool {
        guard let v = values[long]?.last else { return false }
        return Self.parseBool(v) ?? false
    }

    public func string(_ long: String) -> String? {
        values[long]?.last ?? specs[long]?.defaultValue
    }

    public func int(_ long: String) -> Int? {
        guard let s = string(long) else { return nil }
        return Int(s)
    }

    public func list(_ long: String) -> [String] { values[long] ?? [] }

    /// strconv.ParseBool, which pflag uses for `--flag=value`.
    static func parseBool(_ s: String) -> Bool? {
        switch s {
        case "1", "t", "T", "true", "TRUE", "True": return true
        case "0", "f", "F", "false", "FALSE", "False": return false
        default: return nil
        }
    }
}
