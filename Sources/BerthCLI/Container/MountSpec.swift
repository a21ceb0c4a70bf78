import BerthEngineAPI

/// docker's opts.MountOpt (`--mount type=bind,source=/a,target=/b,readonly`) and the -v split into
/// Binds (with a source) and anonymous Volumes (a bare container path).
public enum MountSpec {
    public static func parseMount(_ spec: String) throws -> Mount {
        var m = Mount()
        m.type = "volume"
        var bind: MountBindOptions?
        var tmpfs: MountTmpfsOptions?
        var volume: MountVolumeOptions?
        for field in spec.split(separator: ",") {
            let kv = field.split(separator: "=", maxSplits: 1).map(String.init)
            let key = kv[0].lowercased()
            let value = kv.count > 1 ? kv[1] : nil
            func boolValue() throws -> Bool {
                guard let value else { return true }
                guard let b = ParsedArguments.parseBool(value) else { throw invalid("invalid value for \(key): \(value)") }
                return b
            }
            switch key {
            case "type": m.type = value ?? ""
            case "source", "src": m.source = value ?? ""
            case "target", "dst", "destination": m.target = value ?? ""
            case "readonly", "ro": m.readOnly = try boolValue()
            case "consistency": m.consistency = value ?? ""
            case "bind-propagation":
                var b = bind ?? MountBindOptions()
                b.propagation = value ?? ""
                bind = b
            case "bind-nonrecursive":
                var b = bind ?? MountBindOptions()
                b.nonRecursive = try boolValue()
                bind = b
            case "volume-nocopy":
                var v = volume ?? MountVolumeOptions()
                v.noCopy = try boolValue()
                volume = v
            case "volume-subpath":
                var v = volume ?? MountVolumeOptions()
                v.subpath = value ?? ""
                volume = v
            case "tmpfs-size":
                var t = tmpfs ?? MountTmpfsOptions()
                guard let v = value, let n = ByteSize.ram(v) else { throw invalid("invalid value for \(key): \(value ?? "")") }
                t.sizeBytes = n
                tmpfs = t
            case "tmpfs-mode":
                var t = tmpfs ?? MountTmpfsOptions()
                guard let v = value, let n = UInt64(v, radix: 8) else { throw invalid("invalid value for \(key): \(value ?? "")") }
                t.mode = n
                tmpfs = t
            default:
                throw invalid("unexpected key '\(kv[0])' in '\(field)'")
            }
        }
        guard !m.target.isEmpty else { throw invalid("target is required") }
        if m.type == "bind" && m.source.isEmpty { throw invalid("source is required when specifying bind mounts") }
        if m.type == "tmpfs" && !m.source.isEmpty { throw invalid("source is not supported for tmpfs mounts") }
        m.bindOptions = bind
        m.tmpfsOptions = tmpfs
        m.volumeOptions = volume
        return m
    }

    static func invalid(_ m: String) -> CLIError {
        .message("invalid argument for \"--mount\" flag: \(m)", status: 125)
    }

    /// -v: `name:/data`, `/host:/ctr:ro` go to Binds; `/data` alone is an anonymous volume.
    public static func isAnonymous(_ spec: String) -> Bool {
        !spec.contains(":")
    }
}
