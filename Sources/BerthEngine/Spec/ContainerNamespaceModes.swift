import BerthCore

/// The namespace-related HostConfig modes, validated with dockerd's error texts.
public struct ContainerNamespaceModes: Sendable, Equatable {
    public enum Mode: Sendable, Equatable {
        /// A new namespace for this container.
        case privateNamespace
        /// The host's namespace (the container gets no namespace of that type).
        case host
        /// Another container's namespace.
        case container(String)
        /// IPC `none`: a private namespace without /dev/shm.
        case none
    }

    public var network: Mode
    public var ipc: Mode
    /// `--ipc shareable`: private, but /dev/shm may come from a directory other containers can join.
    public var ipcShareable: Bool
    public var pid: Mode
    public var uts: Mode
    public var cgroup: Mode

    public init(_ input: ContainerSpecInput) throws {
        network = Self.parseNetwork(input.networkMode)
        ipcShareable = input.ipcMode == "shareable"
        switch input.ipcMode {
        case "", "private", "shareable": ipc = .privateNamespace
        case "none": ipc = .none
        case "host": ipc = .host
        default:
            guard let ref = Self.containerReference(input.ipcMode) else {
                throw BerthError(.invalidArgument, "invalid IPC mode: \(input.ipcMode)")
            }
            ipc = .container(ref)
        }
        switch input.pidMode {
        case "": pid = .privateNamespace
        case "host": pid = .host
        default:
            guard let ref = Self.containerReference(input.pidMode) else {
                throw BerthError(.invalidArgument, "invalid PID mode: \(input.pidMode)")
            }
            pid = .container(ref)
        }
        switch input.utsMode {
        case "": uts = .privateNamespace
        case "host": uts = .host
        default: throw BerthError(.invalidArgument, "invalid UTS mode: \(input.utsMode)")
        }
        switch input.cgroupnsMode {
        case "", "private": cgroup = .privateNamespace
        case "host": cgroup = .host
        default: throw BerthError(.invalidArgument, "invalid cgroup namespace mode: \(input.cgroupnsMode)")
        }
    }

    /// moby's NetworkMode: `host`, `none`, `container:<id>`; anything else (bridge, default, a user
    /// network's name) gets its own namespace.
    static func parseNetwork(_ mode: String) -> Mode {
        if mode == "host" { return .host }
        if mode == "none" { return .none }
        if let ref = containerReference(mode) { return .container(ref) }
        return .privateNamespace
    }

    static func containerReference(_ mode: String) -> String? {
        guard mode.hasPrefix("container:") else { return nil }
        let ref = String(mode.dropFirst("container:".count))
        return ref.isEmpty ? nil : ref
    }

    /// moby's NetworkMode.IsPrivate: its own namespace (`none` included), not host's or another container's.
    public var networkIsPrivate: Bool {
        switch network {
        case .privateNamespace, .none: return true
        case .host, .container: return false
        }
    }
}
