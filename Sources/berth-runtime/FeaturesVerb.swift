import BerthCgroups
import BerthLinux
import BerthOCI
import BerthRuntime
import BerthSeccomp

enum FeaturesVerb: Verb {
    static let name = "features"
    static let usage = ""
    static let flags: [FlagSpec] = []

    static func run(_ ctx: Context, _ args: ParsedArgs) throws -> Int32 {
        var f = Features(ociVersionMin: "1.0.0", ociVersionMax: Spec.version)
        f.hooks = ["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"]
        f.mountOptions = MountOptions.knownOptions
        f.annotations = ["org.opencontainers.runtime-spec.features": "berth-runtime"]
        var linux = LinuxFeatures()
        linux.namespaces = NamespaceType.known.map(\.rawValue)
        linux.capabilities = CapabilityNames.all
        var cgroup = CgroupFeatures()
        cgroup.v1 = true
        cgroup.v2 = true
        cgroup.systemd = true
        cgroup.systemdUser = false
        cgroup.rdma = true
        linux.cgroup = cgroup
        linux.seccomp = SeccompSupport.features()
        linux.apparmor = Enabled(enabled: FileIO.exists("/sys/kernel/security/apparmor"))
        linux.selinux = Enabled(enabled: FileIO.exists("/sys/fs/selinux/enforce"))
        linux.intelRdt = Enabled(enabled: false)
        var ext = MountExtensions()
        ext.idmap = Enabled(enabled: false)
        linux.mountExtensions = ext
        f.linux = linux
        try ctx.printJSON(f)
        return 0
    }
}
