/// What the task manager needs from a container's metadata.
struct TaskContainer: Sendable {
    var spec: [UInt8]
    var snapshotter: String
    var snapshotKey: String
    var runtime: String
    /// JSON: {"root": "/path"} overrides the runtime's state root.
    var runtimeOptions: [UInt8]
}
