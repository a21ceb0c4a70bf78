/// The `state` operation's output (runtime.md). runc adds `rootfs`, `created` and `owner`, which
/// containerd and docker read, so they are here too; they are optional in the schema's terms.
public struct State: Codable, Sendable, Equatable {
    public var ociVersion: String
    public var id: String
    public var status: String
    public var pid: Int32?
    public var bundle: String
    public var rootfs: String?
    public var created: String?
    public var owner: String?
    public var annotations: [String: String]?

    public init(ociVersion: String = Spec.version, id: String, status: String, pid: Int32?, bundle: String,
                rootfs: String? = nil, created: String? = nil, owner: String? = nil,
                annotations: [String: String]? = nil) {
        self.ociVersion = ociVersion
        self.id = id
        self.status = status
        self.pid = pid
        self.bundle = bundle
        self.rootfs = rootfs
        self.created = created
        self.owner = owner
        self.annotations = annotations
    }
}
