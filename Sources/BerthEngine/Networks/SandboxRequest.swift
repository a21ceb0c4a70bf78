import BerthEngineAPI

/// What a container asks of the network at start: its mode, the endpoint settings it was created or
/// connected with, its published ports and its DNS upstreams.
public struct SandboxRequest: Sendable {
    public var containerID: String
    public var containerName: String
    /// HostConfig.NetworkMode: `bridge`, `none` or a user network (host and container modes never get here).
    public var networkMode: String
    /// NetworkingConfig endpoints by network name or id; the mode's network need not be listed.
    public var endpoints: [String: EndpointSettings] = [:]
    public var portBindings: [String: [PortBinding]?] = [:]
    public var publishAll = false
    public var exposedPorts: [String] = []
    /// `--link name:alias`, as `/name:/container/alias` or `name:alias`.
    public var links: [String] = []
    /// `--dns`: upstreams of the embedded resolver (else the daemon's, else the host's).
    public var dns: [String] = []

    public init(containerID: String, containerName: String, networkMode: String) {
        self.containerID = containerID
        self.containerName = containerName
        self.networkMode = networkMode
    }
}
