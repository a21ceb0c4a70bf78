import BerthCore
import BerthLinux
import BerthOCI

/// Docker container config + host config + image config → OCI runtime spec, the way dockerd's
/// daemon/oci_linux.go createSpec does it (graphdriver flavour: users are resolved by the daemon from
/// the container's rootfs). Validation errors carry dockerd's wording and name the offending value.
///
/// The builder reads the container's rootfs (passwd, group) and the host (devices, capabilities,
/// sysctls) only through `SpecBuildEnvironment`; its only writes are the ones dockerd makes while
/// building a spec: a missing `-v` bind source and the working directory inside the rootfs.
public struct DockerSpecBuilder: Sendable {
    public var environment: SpecBuildEnvironment
    /// Creates `Config.WorkingDir` inside the rootfs (0755, root-owned) when it is missing, as dockerd does.
    public var createWorkingDirectory = true

    public init(environment: SpecBuildEnvironment) {
        self.environment = environment
    }

    public func build(container: ContainerSpecInput, image: ImageConfig.ExecutionConfig?) throws -> Spec {
        let modes = try ContainerNamespaceModes(container)
        let security = try SecurityOptions(parsing: container.securityOpt)
        let hostname = resolvedHostname(container, modes: modes)

        var process = try makeProcess(container: container, image: image, hostname: hostname, modes: modes, security: security)
        var linux = Linux()
        linux.namespaces = try namespaces(modes)
        linux.cgroupsPath = BindMountSpec.cleanPath(
            (container.cgroupParent.isEmpty ? DockerDefaults.cgroupParent : container.cgroupParent) + "/" + container.id)
        linux.sysctl = try sysctls(container, modes: modes)
        linux.resources = try resources(container.resources)
        try applyDevices(container, to: &linux)
        if !container.privileged {
            linux.maskedPaths = container.maskedPaths ?? environment.maskedPaths
            linux.readonlyPaths = container.readonlyPaths ?? DockerDefaults.readonlyPaths
            linux.seccomp = try seccomp(security.seccomp, capabilities: process.capabilities?.bounding ?? [])
        }

        var spec = Spec(process: nil, root: Root(path: environment.specRootPath, readonly: container.readonlyRootfs ? true : nil))
        if modes.uts != .host {
            spec.hostname = hostname
            if !container.domainname.isEmpty { spec.domainname = container.domainname }
        }
        var rootfsPropagation: String?
        let initMount = try initMount(container, modes: modes, args: &process.args)
        spec.mounts = try makeMounts(container, modes: modes, initMount: initMount, rootfsPropagation: &rootfsPropagation)
        linux.rootfsPropagation = rootfsPropagation
        spec.process = process
        spec.linux = linux
        if !container.annotations.isEmpty { spec.annotations = container.annotations }
        return spec
    }

    /// `Config.Hostname`, else the short id (or, with `--network host`, the host's name).
    func resolvedHostname(_ container: ContainerSpecInput, modes: ContainerNamespaceModes) -> String {
        if !container.hostname.isEmpty { return container.hostname }
        if modes.network == .host || modes.uts == .host {
            let name = environment.hostHostname()
            if !name.isEmpty { return name }
        }
        return String(container.id.prefix(12))
    }

    func namespaces(_ modes: ContainerNamespaceModes) throws -> [Namespace] {
        var out: [Namespace] = []
        for type in DockerDefaults.namespaces {
            let mode: ContainerNamespaceModes.Mode
            switch type {
            case .network: mode = modes.network
            case .uts: mode = modes.uts
            case .pid: mode = modes.pid
            case .ipc: mode = modes.ipc
            default: mode = .privateNamespace
            }
            switch mode {
            case .host: continue
            case .container(let ref): out.append(Namespace(type: type, path: try environment.namespacePath(ref, type)))
            case .privateNamespace where type == .network && environment.networkNamespacePath != nil:
                out.append(Namespace(type: type, path: environment.networkNamespacePath))
            case .none where type == .network && environment.networkNamespacePath != nil:
                out.append(Namespace(type: type, path: environment.networkNamespacePath))
            case .privateNamespace, .none: out.append(Namespace(type: type))
            }
        }
        if modes.cgroup == .privateNamespace { out.append(Namespace(type: .cgroup)) }
        return out
    }

    /// dockerd's default network sysctls (own network namespace only, where the host has them), then
    /// the user's, which win.
    func sysctls(_ container: ContainerSpecInput, modes: ContainerNamespaceModes) throws -> [String: String]? {
        try SysctlValidator.validate(container.sysctls, ipcPrivate: modes.ipc != .host,
                                     networkPrivate: modes.network != .host, utsPrivate: modes.uts != .host)
        var out: [String: String] = [:]
        if modes.networkIsPrivate {
            for (key, value) in DockerDefaults.networkSysctls where environment.sysctlExists(key) { out[key] = value }
        }
        for (key, value) in container.sysctls { out[key] = value }
        return out.isEmpty ? nil : out
    }

    func seccomp(_ choice: SecurityOptions.SeccompChoice, capabilities: [String]) throws -> Seccomp? {
        switch choice {
        case .unconfined:
            return nil
        case .defaultProfile:
            return try DockerDefaultSeccompProfile.convert(profileJSON: environment.defaultSeccompProfile, capabilities: capabilities,
                                                           kernelRelease: environment.kernelRelease, source: "default seccomp profile")
        case .inline(let json):
            return try DockerDefaultSeccompProfile.convert(profileJSON: json, capabilities: capabilities,
                                                           kernelRelease: environment.kernelRelease, source: "seccomp profile")
        case .file(let path):
            let bytes = try environment.readFile(path)
            return try DockerDefaultSeccompProfile.convert(profileJSON: String(decoding: bytes, as: UTF8.self), capabilities: capabilities,
                                                           kernelRelease: environment.kernelRelease, source: path)
        }
    }

    /// `--init`: runs the init binary as pid 1 with the command after `--`, in a private pid namespace only.
    func initMount(_ container: ContainerSpecInput, modes: ContainerNamespaceModes, args: inout [String]?) throws -> Mount? {
        guard container.initProcess == true, modes.pid == .privateNamespace else { return nil }
        guard let path = environment.initBinaryPath else {
            // TODO: bundle a berth init (tini-like) and point initBinaryPath at it.
            throw BerthError(.unsupported, "--init: no init binary is configured for this daemon")
        }
        args = [DockerDefaults.initPathInContainer, "--"] + (args ?? [])
        return Mount(destination: DockerDefaults.initPathInContainer, type: "bind", source: path, options: ["bind", "ro"])
    }
}
