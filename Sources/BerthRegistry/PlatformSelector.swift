import BerthOCI

/// Picks an index entry the way docker's platform matcher does: an exact os/architecture/variant
/// match first; failing that, when the caller named no variant, the same os and architecture with
/// the closest lower variant (an arm/v7 host runs arm/v6 images, amd64 runs any amd64).
public struct PlatformSelector: Sendable {
    public let wanted: Platform

    public init(_ wanted: Platform) { self.wanted = wanted }

    public func choose(from manifests: [Descriptor]) -> Descriptor? {
        let want = wanted.normalized
        let candidates = manifests.filter { descriptor in
            guard let platform = descriptor.platform?.normalized else { return false }
            // Attestation manifests (buildkit's "unknown/unknown") never match a real platform.
            return platform.os == want.os && platform.architecture == want.architecture
        }
        if let exact = candidates.first(where: { $0.platform?.normalized.variant == want.variant }) { return exact }
        let wantVariant = Self.rank(want.variant)
        return candidates
            .filter { Self.rank($0.platform?.normalized.variant) <= wantVariant }
            .max { Self.rank($0.platform?.normalized.variant) < Self.rank($1.platform?.normalized.variant) }
    }

    /// `v7` → 7; no variant → 0.
    static func rank(_ variant: String?) -> Int {
        guard let variant, variant.hasPrefix("v"), let number = Int(variant.dropFirst()) else { return 0 }
        return number
    }

    /// `os[/arch[/variant]]`, as `--platform` takes it; os defaults to linux when only an
    /// architecture is given, as docker's platforms.Parse does.
    public static func parse(_ text: String) throws -> Platform {
        let parts = text.lowercased().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !text.isEmpty, parts.allSatisfy({ !$0.isEmpty }), parts.count <= 3 else {
            throw RegistryError(.invalidManifest, "\"\(text)\": unknown operating system or architecture: invalid argument")
        }
        let knownOS = ["linux", "windows", "darwin", "freebsd"]
        if parts.count == 1 && !knownOS.contains(parts[0]) {
            return Platform(os: "linux", architecture: parts[0]).normalized
        }
        guard knownOS.contains(parts[0]) else {
            throw RegistryError(.invalidManifest, "\"\(text)\": unknown operating system or architecture: invalid argument")
        }
        let host = Platform.host
        return Platform(os: parts[0], architecture: parts.count > 1 ? parts[1] : host.architecture,
                        variant: parts.count > 2 ? parts[2] : (parts.count > 1 ? nil : host.variant)).normalized
    }
}
