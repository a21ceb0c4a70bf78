import Synchronization
import BerthCore
import BerthOCI
import BerthSeccomp

/// Docker's default seccomp profile (embedded by Scripts/embed-seccomp-profile) converted for one container.
public enum DockerDefaultSeccompProfile {
    /// The OCI seccomp section for a container whose bounding set is `capabilities`: the rules that
    /// `includes.caps` ties to a capability (ptrace for CAP_SYS_PTRACE, mount for CAP_SYS_ADMIN, ...)
    /// are kept only when the container holds it, as moby's setupSeccomp does.
    public static func seccomp(capabilities: [String], kernelRelease: String? = nil) throws -> Seccomp? {
        try convert(profileJSON: json, capabilities: capabilities, kernelRelease: kernelRelease, source: "docker default seccomp profile")
    }

    /// Converts any profile in Docker's format; nil for an empty profile (which moby treats as unconfined).
    public static func convert(profileJSON: String, capabilities: [String], kernelRelease: String?, source: String) throws -> Seccomp? {
        // Every container start converts the same default profile for the same capability set:
        // keep the last few results (the profile is 20 KB of JSON; decoding it is most of the cost).
        let key = ConversionKey(profile: profileJSON, capabilities: capabilities, kernelRelease: kernelRelease)
        if let cached = conversions.withLock({ $0[key] }) { return cached }
        let profile = try DockerSeccompProfile.decode(bytes: Array(profileJSON.utf8), source: source)
        let converted = try DockerSeccompProfile.convert(profile, capabilities: capabilities, kernelRelease: kernelRelease, source: source)
        conversions.withLock { cache in
            if cache.count >= 8 { cache.removeAll() }
            cache[key] = converted
        }
        return converted
    }

    struct ConversionKey: Hashable {
        var profile: String
        var capabilities: [String]
        var kernelRelease: String?
    }

    static let conversions = Mutex<[ConversionKey: Seccomp?]>([:])
}
