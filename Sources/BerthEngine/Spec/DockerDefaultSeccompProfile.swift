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
        let profile = try DockerSeccompProfile.decode(bytes: Array(profileJSON.utf8), source: source)
        return try DockerSeccompProfile.convert(profile, capabilities: capabilities, kernelRelease: kernelRelease, source: source)
    }
}
