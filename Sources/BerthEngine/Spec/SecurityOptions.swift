import BerthCore

/// `HostConfig.SecurityOpt` parsed the way dockerd's parseSecurityOpt does, with its error texts.
public struct SecurityOptions: Sendable, Equatable {
    public enum SeccompChoice: Sendable, Equatable {
        /// No `seccomp=` option: the daemon's default profile.
        case defaultProfile
        case unconfined
        /// A profile in Docker's JSON format, inline (what the docker CLI sends: it reads the file).
        case inline(String)
        /// A path on the daemon's host (accepted for convenience; the docker CLI never sends one).
        case file(String)
    }

    public var noNewPrivileges = false
    public var seccomp: SeccompChoice = .defaultProfile
    /// Parsed and ignored: Berth does not load AppArmor or SELinux profiles.
    public var apparmorProfile: String? = nil
    public var labelOptions: [String] = []

    public init() {}

    public init(parsing options: [String]) throws {
        for option in options {
            if option == "no-new-privileges" {
                noNewPrivileges = true
                continue
            }
            if option == "disable" {
                labelOptions.append("disable")
                continue
            }
            let separator: Character
            if option.contains("=") {
                separator = "="
            } else if option.contains(":") {
                // Deprecated since 17.04 but still accepted by dockerd.
                separator = ":"
            } else {
                throw BerthError(.invalidArgument, "invalid --security-opt 1: \"\(option)\"")
            }
            guard let index = option.firstIndex(of: separator) else {
                throw BerthError(.invalidArgument, "invalid --security-opt 1: \"\(option)\"")
            }
            let key = String(option[..<index])
            let value = String(option[option.index(after: index)...])
            switch key {
            case "label":
                labelOptions.append(value)
            case "apparmor":
                apparmorProfile = value
            case "seccomp":
                if value == "unconfined" {
                    seccomp = .unconfined
                } else if value == "builtin" || value.isEmpty {
                    seccomp = .defaultProfile
                } else if value.drop(while: { $0 == " " || $0 == "\n" || $0 == "\t" }).first == "{" {
                    seccomp = .inline(value)
                } else {
                    seccomp = .file(value)
                }
            case "no-new-privileges":
                guard let flag = Self.parseBool(value) else {
                    throw BerthError(.invalidArgument, "invalid --security-opt 2: \"\(option)\"")
                }
                noNewPrivileges = flag
            case "writable-cgroups":
                // Accepted (cgroups are already read-only unless privileged); nothing to change.
                guard Self.parseBool(value) != nil else {
                    throw BerthError(.invalidArgument, "invalid --security-opt 2: \"\(option)\"")
                }
            default:
                throw BerthError(.invalidArgument, "invalid --security-opt 2: \"\(option)\"")
            }
        }
    }

    /// Go's strconv.ParseBool.
    static func parseBool(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default: return nil
        }
    }
}
