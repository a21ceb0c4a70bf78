import BerthCore
import BerthOCI

/// `--cap-add` / `--cap-drop` / `--privileged` applied to a base set (moby caps.TweakCapabilities).
public enum CapabilityTweaker {
    /// - Parameters:
    ///   - available: the capabilities the kernel supports (what "ALL" and privileged mean).
    /// - Returns: the container's capability list, `CAP_`-prefixed, in moby's order.
    public static func tweak(base: [String] = DockerDefaults.capabilities, add: [String], drop: [String],
                             privileged: Bool, available: [String]) throws -> [String] {
        if privileged { return available }
        if add.isEmpty && drop.isEmpty { return base }
        let capDrop = try normalize(drop, available: available)
        let capAdd = try normalize(add, available: available)
        var caps: [String] = []
        if capAdd.contains("ALL") {
            caps = available.filter { !capDrop.contains($0) }
        } else if capDrop.contains("ALL") {
            caps = capAdd
        } else {
            caps = base.filter { !capDrop.contains($0) }
            caps += capAdd
        }
        // moby can list a capability twice (added and already present); the runtime doesn't care,
        // but a clean list is easier to read in `inspect`.
        var seen = Set<String>()
        return caps.filter { seen.insert($0).inserted }
    }

    /// Upper-cases, adds `CAP_`, keeps the `ALL` magic value; unknown names fail with moby's texts.
    public static func normalize(_ names: [String], available: [String]) throws -> [String] {
        try names.map { name in
            var upper = name.uppercased()
            if upper == "ALL" { return upper }
            if !upper.hasPrefix("CAP_") { upper = "CAP_" + upper }
            guard CapabilityNames.all.contains(upper) else {
                throw BerthError(.invalidArgument, "unknown capability: \"\(upper)\"")
            }
            guard available.contains(upper) else {
                throw BerthError(.invalidArgument,
                                 "capability not supported by your kernel or not available in the current environment: \"\(upper)\"")
            }
            return upper
        }
    }
}
