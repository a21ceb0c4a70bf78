import BerthCore
import BerthLinux
import BerthOCI
import Glibc

/// What `DockerSpecBuilder` needs from the engine and the host, beyond the container's own config.
/// Everything that touches the host is here, with a default that reads the real host, so tests can
/// replace it.
public struct SpecBuildEnvironment: Sendable {
    /// The container's root filesystem on the host (the mounted snapshot): users and groups are
    /// resolved from its /etc/passwd and /etc/group, confined to it.
    public var rootfsPath: String
    /// `root.path` in the spec: relative to the bundle ("rootfs", the containerd layout) or absolute.
    public var specRootPath: String = "rootfs"

    /// Host files the engine wrote for this container (`ContainerNetworkFiles`); nil skips the mount.
    public var hostnamePath: String? = nil
    public var hostsPath: String? = nil
    public var resolvConfPath: String? = nil
    /// The netns file berthd prepared (`<exec-root>/netns/<id>`); nil lets the runtime create one.
    public var networkNamespacePath: String? = nil

    /// `container:<ref>` modes: the namespace file of the referenced container (e.g. /proc/<pid>/ns/net).
    public var namespacePath: @Sendable (_ container: String, _ type: NamespaceType) throws -> String = { container, _ in
        throw BerthError(.notFound, "no such container: \(container)")
    }
    /// `--ipc container:<ref>` / `--ipc shareable`: the host directory to bind at /dev/shm, when the
    /// engine keeps one (moby's IpcMounts). nil keeps a private /dev/shm tmpfs.
    public var sharedShmPath: (@Sendable (_ container: String?) -> String?)? = nil
    /// Named and anonymous volumes (`name:/dst`, `/dst`): returns the host directory to bind.
    /// TODO: the volume service plugs in here; until then volumes are rejected.
    public var volumePath: @Sendable (_ name: String?, _ destination: String) throws -> String = { name, destination in
        throw BerthError(.unsupported, "volumes are not supported yet: \(name ?? "anonymous volume") at \(destination)")
    }
    /// `docker run -v /missing:/x` creates /missing (a 0755 directory), like dockerd.
    public var createMissingBindSources: Bool = true

    /// The host binary bound at /sbin/docker-init for `--init`. TODO: ship a berth init; nil rejects `--init`.
    public var initBinaryPath: String? = nil
    /// The kernel's capabilities (moby GetAllCapabilities): what `--privileged` and `--cap-add ALL` grant.
    public var allCapabilities: [String] = SpecBuildEnvironment.hostCapabilities()
    /// Masked paths: Docker's list plus this host's thermal_throttle files.
    public var maskedPaths: [String] = DockerDefaults.hostMaskedPaths()
    /// Whether a sysctl exists on the host (dockerd only adds its default sysctls where they do).
    public var sysctlExists: @Sendable (String) -> Bool = { key in
        access("/proc/sys/" + key.replacing(".", with: "/"), F_OK) == 0
    }
    /// CPUs online, the upper bound of `--cpus`.
    public var onlineCPUs: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    /// The devices `--privileged` exposes.
    public var hostDevices: @Sendable () -> [Device] = { HostDevices.all() }
    /// The host's name, for `--network host` containers without `--hostname`.
    public var hostHostname: @Sendable () -> String = { SpecBuildEnvironment.currentHostname() }
    /// The seccomp profile used when none is requested (Docker's format), and the kernel release its
    /// `minKernel` rules compare with (nil: the running kernel).
    public var defaultSeccompProfile: String = DockerDefaultSeccompProfile.json
    public var kernelRelease: String? = nil
    /// Reads `seccomp=<path>` profiles; the docker CLI sends the file's content instead, which needs no reader.
    public var readFile: @Sendable (String) throws -> [UInt8] = { try FileIO.read($0) }

    public init(rootfsPath: String) { self.rootfsPath = rootfsPath }

    /// Capability names up to /proc/sys/kernel/cap_last_cap (all known ones if it cannot be read).
    public static func hostCapabilities(capLastCapPath: String = "/proc/sys/kernel/cap_last_cap") -> [String] {
        guard let text = FileIO.readTrimmed(capLastCapPath), let last = Int(text), last >= 0 else {
            return CapabilityNames.all
        }
        return Array(CapabilityNames.all.prefix(last + 1))
    }

    static func currentHostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
