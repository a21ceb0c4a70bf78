/// A value tagged with its type, as protobuf's `Any` carries it (containerd's runtime options, spec and
/// extensions): the gRPC layer round-trips `typeURL` untouched.
public struct TypedValue: Sendable, Equatable {
    public var typeURL: String
    public var value: [UInt8]

    public init(typeURL: String, value: [UInt8]) {
        self.typeURL = typeURL
        self.value = value
    }
}

/// containerd's Container: metadata only (the running task is the shim's business).
public struct ContainerRecord: Sendable, Equatable {
    public struct Runtime: Sendable, Equatable {
        /// e.g. "io.containerd.runc.v2"; immutable after create.
        public var name: String
        public var options: TypedValue?

        public init(name: String, options: TypedValue? = nil) {
            self.name = name
            self.options = options
        }
    }

    public var id: String
    public var labels: [String: String]
    public var image: String
    public var runtime: Runtime
    /// The OCI runtime spec (JSON) as sent by the client.
    public var spec: TypedValue?
    /// Immutable after create.
    public var snapshotter: String
    public var snapshotKey: String
    public var sandboxID: String
    public var extensions: [String: TypedValue]
    /// Unix time in nanoseconds.
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(
        id: String, runtime: Runtime, labels: [String: String] = [:], image: String = "", spec: TypedValue? = nil,
        snapshotter: String = "", snapshotKey: String = "", sandboxID: String = "", extensions: [String: TypedValue] = [:],
        createdAt: Int64 = 0, updatedAt: Int64 = 0
    ) {
        self.id = id
        self.labels = labels
        self.image = image
        self.runtime = runtime
        self.spec = spec
        self.snapshotter = snapshotter
        self.snapshotKey = snapshotKey
        self.sandboxID = sandboxID
        self.extensions = extensions
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
