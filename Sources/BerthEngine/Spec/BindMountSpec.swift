import BerthCore

/// One `HostConfig.Binds` entry parsed the way dockerd's Linux mount parser does (moby
/// daemon/volume/mounts/linux_parser.go ParseMountRaw), with its error texts.
public struct BindMountSpec: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `/host/path:/dst`
        case bind(source: String)
        /// `name:/dst` (named) or `/dst` alone (anonymous, name nil).
        case volume(name: String?)
    }

    public var kind: Kind
    /// Cleaned absolute destination in the container.
    public var destination: String
    public var readOnly: Bool
    /// `private`, `rprivate` (the default for binds), `shared`, `rshared`, `slave`, `rslave`; nil for volumes.
    public var propagation: String?
    /// The raw mode string after the second colon ("ro,z").
    public var mode: String
    /// `nocopy` (volumes only).
    public var noCopy: Bool

    static let rwModes: Set<String> = ["rw", "ro"]
    static let labelModes: Set<String> = ["z", "Z"]
    static let propagationModes: Set<String> = ["private", "rprivate", "slave", "rslave", "shared", "rshared"]
    static let copyModes: Set<String> = ["nocopy"]
    static let consistencyModes: Set<String> = ["consistent", "cached", "delegated"]
    public static let defaultPropagation = "rprivate"

    public static func parse(_ raw: String) throws -> BindMountSpec {
        let parts = splitN(raw, 4)
        guard let first = parts.first, !first.isEmpty else { throw invalidSpec(raw) }
        var source = "", target = "", mode = ""
        switch parts.count {
        case 1:
            target = parts[0]
        case 2:
            // A destination plus a mode is not a volume (/foo:rw).
            if isValidMode(parts[1]) { throw invalidSpec(raw) }
            source = parts[0]
            target = parts[1]
        case 3:
            source = parts[0]
            target = parts[1]
            mode = parts[2]
        default:
            throw invalidSpec(raw)
        }
        guard isValidMode(mode) else { throw BerthError(.invalidArgument, "invalid mode: \(mode)") }

        let options = mode.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let isBind = source.hasPrefix("/")
        let typeName = isBind ? "bind" : "volume"
        let readOnly = options.contains("ro")
        let noCopy = options.contains("nocopy")
        let propagation = options.first { propagationModes.contains($0) }

        func configError(_ detail: String) -> BerthError {
            BerthError(.invalidArgument, "invalid volume specification: '\(raw)': invalid mount config for type \"\(typeName)\": \(detail)")
        }
        // validateMountConfig: the target first, then the type's own rules.
        if target.isEmpty { throw configError("field Target must not be empty") }
        if cleanPath(target) == "/" { throw configError("invalid specification: destination can't be '/'") }
        if !target.hasPrefix("/") { throw configError("invalid mount path: '\(target)' mount path must be absolute") }

        if isBind {
            // ParseMountRaw turns `nocopy` into VolumeOptions, which a bind must not carry.
            if noCopy { throw configError("field VolumeOptions must not be specified") }
            return BindMountSpec(kind: .bind(source: cleanPath(source)), destination: cleanPath(target), readOnly: readOnly,
                                 propagation: propagation ?? defaultPropagation, mode: mode, noCopy: false)
        }
        // A named volume cannot carry a propagation mode (BindOptions on a volume).
        if propagation != nil { throw configError("field BindOptions must not be specified") }
        return BindMountSpec(kind: .volume(name: source.isEmpty ? nil : source), destination: cleanPath(target),
                             readOnly: readOnly, propagation: nil, mode: mode, noCopy: noCopy)
    }

    /// linuxValidMountMode: each comma-separated option known, at most one of each family.
    static func isValidMode(_ mode: String) -> Bool {
        if mode.isEmpty { return true }
        var rw = 0, label = 0, propagation = 0, copy = 0, consistency = 0
        for option in mode.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            if rwModes.contains(option) { rw += 1 }
            else if labelModes.contains(option) { label += 1 }
            else if propagationModes.contains(option) { propagation += 1 }
            else if copyModes.contains(option) { copy += 1 }
            else if consistencyModes.contains(option) { consistency += 1 }
            else { return false }
        }
        return rw <= 1 && label <= 1 && propagation <= 1 && copy <= 1 && consistency <= 1
    }

    static func invalidSpec(_ raw: String) -> BerthError {
        BerthError(.invalidArgument, "invalid volume specification: '\(raw)'")
    }

    /// Go's strings.SplitN.
    static func splitN(_ s: String, _ n: Int) -> [String] {
        var out: [String] = []
        var rest = Substring(s)
        while out.count < n - 1, let colon = rest.firstIndex(of: ":") {
            out.append(String(rest[..<colon]))
            rest = rest[rest.index(after: colon)...]
        }
        out.append(String(rest))
        return out
    }

    /// Go's path.Clean for absolute or relative paths.
    public static func cleanPath(_ path: String) -> String {
        if path.isEmpty { return "." }
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !absolute {
                    parts.append(part)
                }
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
