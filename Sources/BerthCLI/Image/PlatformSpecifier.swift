#if canImport(Glibc)
import Glibc
#endif

/// containerd's platforms.Parse for `--platform os[/arch[/variant]]`: names normalised (`x86_64` →
/// `amd64`, `aarch64` → `arm64`, `armhf` → `arm/v7`), a lone OS gets the host's architecture.
/// `push --platform` sends the result as OCI platform JSON.
public struct PlatformSpecifier: Equatable {
    public var os: String
    public var architecture: String
    public var variant: String

    static let knownOS: Set<String> = ["aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js",
                                       "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "windows", "zos"]
    static let knownArch: Set<String> = ["386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "ppc64", "ppc64le",
                                         "loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc",
                                         "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm"]

    public init(os: String, architecture: String, variant: String = "") {
        self.os = os
        self.architecture = architecture
        self.variant = variant
    }

    /// Parses a specifier; the error text is containerd's (`"x": unknown operating system or architecture: invalid argument`).
    public init(parsing specifier: String) throws {
        let parts = specifier.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for part in parts where part.isEmpty || !part.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }) {
            throw CLIError.message("\"\(part)\" is an invalid component of \"\(specifier)\": platform specifier component must match \"^[A-Za-z0-9_.-]+$\": invalid argument", status: 1)
        }
        switch parts.count {
        case 1:
            let word = parts[0].lowercased()
            if Self.knownOS.contains(Self.normalizeOS(word)) {
                let (arch, variant) = Self.normalizeArch(Self.hostArchitecture(), "")
                self.init(os: Self.normalizeOS(word), architecture: arch, variant: arch == "arm" && variant == "v7" ? "" : variant)
            } else {
                let (arch, variant) = Self.normalizeArch(word, "")
                guard Self.knownArch.contains(arch) else {
                    throw CLIError.message("\"\(specifier)\": unknown operating system or architecture: invalid argument", status: 1)
                }
                self.init(os: "linux", architecture: arch, variant: arch == "arm" && variant == "v7" ? "" : variant)
            }
        case 2:
            let (arch, variant) = Self.normalizeArch(parts[1], "")
            self.init(os: Self.normalizeOS(parts[0]), architecture: arch, variant: arch == "arm" && variant == "v7" ? "" : variant)
        case 3:
            var (arch, variant) = Self.normalizeArch(parts[1], parts[2])
            if arch == "arm64" && variant.isEmpty { variant = "v8" }
            self.init(os: Self.normalizeOS(parts[0]), architecture: arch, variant: variant)
        default:
            throw CLIError.message("\"\(specifier)\": cannot parse platform specifier: invalid argument", status: 1)
        }
    }

    static func normalizeOS(_ os: String) -> String {
        let lower = os.lowercased()
        return lower == "macos" ? "darwin" : lower
    }

    static func normalizeArch(_ arch: String, _ variant: String) -> (String, String) {
        let a = arch.lowercased(), v = variant.lowercased()
        switch a {
        case "i386": return ("386", "")
        case "x86_64", "x86-64", "amd64": return ("amd64", v == "v1" ? "" : v)
        case "aarch64", "arm64":
            switch v {
            case "8", "v8", "v8.0": return ("arm64", "")
            case "9", "9.0", "v9.0": return ("arm64", "v9")
            default: return ("arm64", v)
            }
        case "armhf": return ("arm", "v7")
        case "armel": return ("arm", "v6")
        case "arm":
            switch v {
            case "", "7": return ("arm", "v7")
            case "5", "6", "8": return ("arm", "v" + v)
            default: return ("arm", v)
            }
        default: return (a, v)
        }
    }

    /// The host's machine name (uname -m).
    static func hostArchitecture() -> String {
        var u = utsname()
        guard uname(&u) == 0 else { return "amd64" }
        return withUnsafeBytes(of: &u.machine) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// OCI platform JSON in the image-spec field order (`{"architecture":"arm64","os":"linux","variant":"v8"}`).
    public var json: String {
        var s = "{\"architecture\":\"\(architecture)\",\"os\":\"\(os)\""
        if !variant.isEmpty { s += ",\"variant\":\"\(variant)\"" }
        return s + "}"
    }
}
