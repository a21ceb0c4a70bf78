import BerthOCI

/// What `DockerSpecBuilder` needs from a container's Docker `Config` and `HostConfig`, as plain Swift
/// fields. The API layer maps the Engine API models onto it; defaults are what an empty `docker run`
/// request means. Field names follow the Docker API's (camel-cased) so the mapping reads one to one.
public struct ContainerSpecInput: Sendable, Equatable {
    // MARK: identity (assigned by the engine at create time)

    /// The full 64-hex container id: names the cgroup and is the default hostname's source.
    public var id: String
    /// `Config.Hostname`; empty means the first 12 characters of `id` (the host's name with `--network host`).
    public var hostname: String = ""
    public var domainname: String = ""

    // MARK: Config

    /// `Config.User`: `uid`, `uid:gid`, `name`, `name:group`; empty takes the image's.
    public var user: String = ""
    /// `Config.Env` as the user gave it (`KEY=value`, or `KEY` alone to unset an image variable).
    public var env: [String] = []
    /// `Config.Cmd`; nil or empty takes the image's (unless `entrypoint` is set).
    public var cmd: [String]? = nil
    /// `Config.Entrypoint`; nil takes the image's, `[]` (`--entrypoint ""`) clears it.
    public var entrypoint: [String]? = nil
    /// `Config.WorkingDir`; empty takes the image's, then `/`.
    public var workingDir: String = ""
    public var tty: Bool = false
    public var openStdin: Bool = false
    /// `HostConfig.ConsoleSize` as [height, width]; applied with `tty`.
    public var consoleSize: [UInt]? = nil

    // MARK: HostConfig

    /// `HostConfig.Binds`: `/host:/ctr[:opts]`, or `name:/ctr[:opts]` for a named volume (resolved by the
    /// environment's volume hook).
    public var binds: [String] = []
    /// `HostConfig.Tmpfs`: destination → comma-separated options ("size=64m,mode=1777").
    public var tmpfs: [String: String] = [:]
    public var readonlyRootfs: Bool = false
    public var privileged: Bool = false
    public var capAdd: [String] = []
    public var capDrop: [String] = []
    /// `HostConfig.SecurityOpt`: `no-new-privileges[=bool]`, `seccomp=unconfined|<json>|<path>`, `apparmor=…`, `label=…`.
    public var securityOpt: [String] = []
    /// `HostConfig.NetworkMode`: `bridge`/`default`/a network name (own namespace), `host`, `none`, `container:<id>`.
    public var networkMode: String = "default"
    /// `HostConfig.IpcMode`: ``, `private`, `shareable`, `none`, `host`, `container:<id>`.
    public var ipcMode: String = "private"
    /// `HostConfig.PidMode`: ``, `host`, `container:<id>`.
    public var pidMode: String = ""
    /// `HostConfig.UTSMode`: `` or `host`.
    public var utsMode: String = ""
    /// `HostConfig.CgroupnsMode`: `private`, `host`, or `` (which Berth treats as private: dockerd's
    /// default is private on cgroup v2 and host on v1; the engine passes the resolved mode when it cares).
    public var cgroupnsMode: String = ""
    /// `HostConfig.CgroupParent`; empty means `/berth`.
    public var cgroupParent: String = ""
    /// `HostConfig.ShmSize` in bytes; 0 means 64 MiB.
    public var shmSize: Int64 = 0
    public var sysctls: [String: String] = [:]
    public var ulimits: [Ulimit] = []
    public var oomScoreAdj: Int = 0
    public var groupAdd: [String] = []
    public var devices: [DeviceMapping] = []
    /// `HostConfig.DeviceCgroupRules`: `c 1:3 rwm`, `b *:* m`, `a`.
    public var deviceCgroupRules: [String] = []
    public var resources: Resources = Resources()
    /// `HostConfig.Init`; nil means the daemon default (off).
    public var initProcess: Bool? = nil
    public var annotations: [String: String] = [:]
    /// `HostConfig.MaskedPaths` / `ReadonlyPaths`: nil keeps Docker's lists; a value replaces them.
    public var maskedPaths: [String]? = nil
    public var readonlyPaths: [String]? = nil

    public init(id: String) { self.id = id }

    /// `HostConfig` resource limits, in the API's units (bytes, nano-CPUs, microseconds).
    public struct Resources: Sendable, Equatable {
        public var memory: Int64 = 0
        /// -1 means unlimited swap; 0 means twice `memory` (dockerd's default when `memory` is set).
        public var memorySwap: Int64 = 0
        public var memoryReservation: Int64 = 0
        public var memorySwappiness: Int64? = nil
        public var oomKillDisable: Bool? = nil
        public var nanoCpus: Int64 = 0
        public var cpuShares: Int64 = 0
        public var cpuPeriod: Int64 = 0
        public var cpuQuota: Int64 = 0
        public var cpuRealtimePeriod: Int64 = 0
        public var cpuRealtimeRuntime: Int64 = 0
        public var cpusetCpus: String = ""
        public var cpusetMems: String = ""
        /// nil leaves pids unlimited and untouched; 0 or less means explicitly unlimited (-1 in the spec).
        public var pidsLimit: Int64? = nil
        public var blkioWeight: UInt16 = 0
        public init() {}
    }

    /// One `--ulimit name=soft[:hard]`.
    public struct Ulimit: Sendable, Equatable {
        public var name: String
        public var soft: Int64
        public var hard: Int64
        public init(name: String, soft: Int64, hard: Int64) {
            self.name = name
            self.soft = soft
            self.hard = hard
        }
    }
}
