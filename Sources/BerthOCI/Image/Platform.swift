#if canImport(Glibc)
import Glibc
#endif

/// The platform an image (or an index entry) runs on. Architecture and variant are compared in
/// normalised form: `x86_64` is `amd64`, `aarch64` is `arm64`, an absent variant is the
/// architecture's baseline (`v1` for amd64, `v8` for arm64, `v7` for arm).
public struct Platform: Codable, Sendable, Hashable, CustomStringConvertible {
    public var architecture: String
    public var os: String
    public var osVersion: String?
    public var osFeatures: [String]?
    public var variant: String?

    enum CodingKeys: String, CodingKey {
        case architecture, os, variant
        case osVersion = "os.version"
        case osFeatures = "os.features"
    }

    public init(os: String, architecture: String, variant: String? = nil, osVersion: String? = nil, osFeatures: [String]? = nil) {
        self.os = os
        self.architecture = architecture
        self.variant = variant
        self.osVersion = osVersion
        self.osFeatures = osFeatures
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(architecture, forKey: .architecture)
        try c.encode(os, forKey: .os)
        try c.encodeIfNotEmpty(osVersion, forKey: .osVersion)
        try c.encodeIfNotEmpty(osFeatures, forKey: .osFeatures)
        try c.encodeIfNotEmpty(variant, forKey: .variant)
    }

    /// `linux/arm64/v8` style, as docker and containerd print platforms.
    public var description: String {
        var out = "\(os)/\(architecture)"
        if let variant, !variant.isEmpty { out += "/\(variant)" }
        return out
    }

    /// The platform of the running kernel, with the variant an image built for it would carry.
    public static var host: Platform {
        var names = utsname()
        uname(&names)
        let machine = withUnsafeBytes(of: names.machine) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        return Platform(os: "linux", architecture: machine).normalized
    }

    /// Architecture aliases mapped to Go's GOARCH names and the variant made explicit.
    public var normalized: Platform {
        var out = self
        out.os = os.lowercased()
        let arch = architecture.lowercased()
        var variant = (self.variant ?? "").lowercased()
        switch arch {
        case "x86_64", "x86-64", "amd64":
            out.architecture = "amd64"
            if variant.isEmpty { variant = "v1" }
        case "aarch64", "arm64":
            out.architecture = "arm64"
            if variant.isEmpty || variant == "8" { variant = "v8" }
        case "armhf", "armv7l", "armv7":
            out.architecture = "arm"
            variant = "v7"
        case "armel", "armv6l", "armv6":
            out.architecture = "arm"
            variant = "v6"
        case "arm":
            out.architecture = "arm"
            if variant.isEmpty { variant = "v7" } else if !variant.hasPrefix("v") { variant = "v" + variant }
        case "i386", "i686", "386":
            out.architecture = "386"
        default:
            out.architecture = arch
        }
        out.variant = variant.isEmpty ? nil : variant
        return out
    }

    /// True when an image for `candidate` runs here as-is: same OS, architecture and variant once
    /// normalised. OS version and features are not compared (they matter for Windows only).
    public func matches(_ candidate: Platform) -> Bool {
        let want = normalized
        let have = candidate.normalized
        return want.os == have.os && want.architecture == have.architecture && want.variant == have.variant
    }

    /// The first index entry for this platform; entries without a platform never match.
    public func bestMatch(in manifests: [Descriptor]) -> Descriptor? {
        manifests.first { descriptor in descriptor.platform.map(matches) ?? false }
    }
}
