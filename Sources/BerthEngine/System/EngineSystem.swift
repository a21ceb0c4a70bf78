import BerthCore
import BerthEngineAPI
import BerthLinux
import BerthRegistry
import BerthSupervisorAPI
import FoundationEssentials
import SwiftProtobuf
#if canImport(Glibc)
import Glibc
#endif

/// `/version` and `/info`: what the engine reports about itself and the host.
public struct EngineSystem: Sendable {
    public static let version = "0.4.0"
    public static let apiVersion = "1.50"
    public static let minimumAPIVersion = "1.24"

    let link: SupervisorLink
    let catalog: ImageCatalog
    let dataRoot: String
    let loggingDriver: String
    let registry: RegistryConfiguration

    public init(link: SupervisorLink, dataRoot: String, loggingDriver: String, registry: RegistryConfiguration = RegistryConfiguration()) {
        self.link = link
        self.registry = registry
        catalog = ImageCatalog(link: link)
        self.dataRoot = dataRoot
        self.loggingDriver = loggingDriver
    }

    public func versionInfo() async -> SystemVersion {
        var version = SystemVersion()
        version.platform = SystemVersionPlatform(name: "Berth Engine")
        let supervisor = try? await link.version.version(Google_Protobuf_Empty())
        version.components = [
            SystemVersionComponent(name: "Engine", version: Self.version, details: [
                "ApiVersion": Self.apiVersion, "MinAPIVersion": Self.minimumAPIVersion, "Os": "linux", "Arch": HostFacts.goArchitecture,
                "KernelVersion": HostFacts.kernelVersion, "Experimental": "false", "GitCommit": "berth", "GoVersion": "swift6",
                "BuildTime": "",
            ]),
            SystemVersionComponent(name: "berth-supervisor", version: supervisor?.version ?? "unavailable",
                                   details: ["GitCommit": supervisor?.revision ?? ""]),
        ]
        version.version = Self.version
        version.apiVersion = Self.apiVersion
        version.minAPIVersion = Self.minimumAPIVersion
        version.gitCommit = "berth"
        version.goVersion = "swift6"
        version.os = "linux"
        version.arch = HostFacts.goArchitecture
        version.kernelVersion = HostFacts.kernelVersion
        return version
    }

    public func info() async -> SystemInfo {
        var info = SystemInfo()
        info.id = HostFacts.machineID
        info.images = (try? await catalog.all().count) ?? 0
        info.driver = "overlayfs"
        info.dockerRootDir = dataRoot
        info.loggingDriver = loggingDriver
        info.cgroupDriver = "cgroupfs"
        info.plugins = PluginsInfo(volume: ["local"], network: ["bridge", "host", "macvlan", "null"], authorization: nil,
                                   log: ["json-file", "local"])
        info.cgroupVersion = HostFacts.cgroupVersion
        info.kernelVersion = HostFacts.kernelVersion
        info.operatingSystem = HostFacts.operatingSystem
        info.osType = "linux"
        info.architecture = HostFacts.architecture
        info.ncpu = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        info.memTotal = Int64(sysconf(Int32(_SC_PHYS_PAGES))) * Int64(sysconf(Int32(_SC_PAGESIZE)))
        info.name = HostFacts.hostname
        info.serverVersion = Self.version
        info.defaultRuntime = "berth-runtime"
        info.systemTime = Date().formatted(.iso8601)
        info.indexServerAddress = "https://index.docker.io/v1/"
        info.registryConfig = Self.registryConfig(registry)
        return info
    }
}

/// Facts about the host, read once.
enum HostFacts {
    static let kernelVersion: String = {
        var name = utsname()
        uname(&name)
        return withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }()

    static let hostname: String = {
        var name = utsname()
        uname(&name)
        return withUnsafeBytes(of: &name.nodename) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }()

    static let architecture: String = {
        var name = utsname()
        uname(&name)
        let machine = withUnsafeBytes(of: &name.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        switch machine {
        case "x86_64": return "x86_64"
        case "aarch64": return "aarch64"
        default: return machine
        }
    }()

    /// Go's name for the architecture, which /version reports (info reports uname's).
    static let goArchitecture: String = {
        switch architecture {
        case "x86_64": return "amd64"
        case "aarch64": return "arm64"
        case "i686", "i386": return "386"
        default: return architecture
        }
    }()

    static let operatingSystem: String = {
        guard let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8) else { return "Linux" }
        for line in text.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
            return String(line.dropFirst("PRETTY_NAME=".count).filter { $0 != "\"" })
        }
        return "Linux"
    }()

    static let machineID: String = {
        (try? String(contentsOfFile: "/etc/machine-id", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }()

    /// "2" only on a pure cgroup2 host; hybrid hosts report "1", as dockerd does.
    static let cgroupVersion: String = {
        MountInfo.read().last { $0.mountPoint == "/sys/fs/cgroup" }?.fsType == "cgroup2" ? "2" : "1"
    }()

}
