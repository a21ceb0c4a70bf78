/// The `features` document (features.md, features-linux.md).
public struct Features: Codable, Sendable, Equatable {
    public var ociVersionMin: String
    public var ociVersionMax: String
    public var hooks: [String]?
    public var mountOptions: [String]?
    public var annotations: [String: String]?
    public var potentiallyUnsafeConfigAnnotations: [String]?
    public var linux: LinuxFeatures?

    public init(ociVersionMin: String, ociVersionMax: String) {
        self.ociVersionMin = ociVersionMin
        self.ociVersionMax = ociVersionMax
    }
}

public struct LinuxFeatures: Codable, Sendable, Equatable {
    public var namespaces: [String]?
    public var capabilities: [String]?
    public var cgroup: CgroupFeatures?
    public var seccomp: SeccompFeatures?
    public var apparmor: Enabled?
    public var selinux: Enabled?
    public var intelRdt: Enabled?
    public var mountExtensions: MountExtensions?
    public init() {}
}

public struct CgroupFeatures: Codable, Sendable, Equatable {
    public var v1: Bool?
    public var v2: Bool?
    public var systemd: Bool?
    public var systemdUser: Bool?
    public var rdma: Bool?
    public init() {}
}

public struct SeccompFeatures: Codable, Sendable, Equatable {
    public var enabled: Bool?
    public var actions: [String]?
    public var operators: [String]?
    public var archs: [String]?
    public var knownFlags: [String]?
    public var supportedFlags: [String]?
    public init() {}
}

public struct Enabled: Codable, Sendable, Equatable {
    public var enabled: Bool?
    public init(enabled: Bool?) { self.enabled = enabled }
}

public struct MountExtensions: Codable, Sendable, Equatable {
    public var idmap: Enabled?
    public init() {}
}
