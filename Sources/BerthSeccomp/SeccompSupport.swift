import BerthOCI
import CSeccomp

/// What this build can do with seccomp, for the runtime's `features` command (features-linux.md).
public enum SeccompSupport {
    /// The libseccomp this module was compiled against (`major.minor.micro`).
    public static var libseccompVersion: String {
        "\(SCMP_VER_MAJOR).\(SCMP_VER_MINOR).\(SCMP_VER_MICRO)"
    }

    /// libseccomp's API level, probed against the running kernel (seccomp_api_get): 2 adds TSYNC,
    /// 3 LOG and KILL_PROCESS, 4 SPEC_ALLOW, 5 NOTIFY, 6 NOTIFY together with TSYNC.
    public static var apiLevel: UInt32 {
        seccomp_api_get()
    }

    /// Every action the spec names; libseccomp 2.5.4 knows them all.
    public static var actions: [String] { SeccompNames.actions }

    public static var operators: [String] { SeccompNames.operators }

    /// Architectures the installed libseccomp can build filters for.
    public static var archs: [String] {
        SeccompNames.architectures.map(\.oci).filter { SeccompNames.archToken($0) != nil }
    }

    /// Flags the runtime recognises in config.json.
    public static var knownFlags: [String] { SeccompNames.flags }

    /// Flags that both libseccomp and this kernel support, so `compile` accepts them.
    public static var supportedFlags: [String] {
        let level = apiLevel
        return SeccompNames.flags.filter { flag in
            guard let (_, minAPI) = SeccompNames.flagAttribute(flag) else { return false }
            return level >= minAPI
        }
    }

    /// The `linux.seccomp` object of the features document.
    public static func features() -> SeccompFeatures {
        var features = SeccompFeatures()
        features.enabled = true
        features.actions = actions
        features.operators = operators
        features.archs = archs
        features.knownFlags = knownFlags
        features.supportedFlags = supportedFlags
        return features
    }
}
