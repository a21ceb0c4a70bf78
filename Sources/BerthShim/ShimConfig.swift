import BerthCore
import BerthLinux
import BerthShimAPI

/// What a shim daemon serves: one task (container) of one namespace, with its bundle.
public struct ShimConfig: Sendable {
    public var namespace: String
    public var id: String
    /// Absolute bundle directory (config.json, rootfs; the shim's files land here too).
    public var bundle: String
    /// Default runtime for `create` when the request names none.
    public var runtime: String
    public var runtimeRoot: String?
    public var socketDirectory: String

    public init(namespace: String, id: String, bundle: String, runtime: String = "", runtimeRoot: String? = nil,
                socketDirectory: String = ShimAddress.defaultSocketDirectory) {
        self.namespace = namespace
        self.id = id
        self.bundle = bundle
        self.runtime = runtime
        self.runtimeRoot = runtimeRoot
        self.socketDirectory = socketDirectory
    }

    public var socketPath: String { ShimAddress.socketPath(namespace: namespace, id: id, socketDirectory: socketDirectory) }

    var runtimeLogPath: String { bundle + "/runtime-log.json" }
    var initPidPath: String { bundle + "/init.pid" }
}

/// The runtime a task was created with, kept in `bundle/runtime.json` so `berth-shim delete` (run
/// after the shim died) drives the same binary with the same root.
struct RuntimeChoice {
    var runtime: String
    var runtimeRoot: String?

    static func path(bundle: String) -> String { bundle + "/runtime.json" }

    func write(bundle: String) throws {
        var w = JSONObjectWriter()
        w.field("runtime", runtime)
        w.field("runtimeRoot", runtimeRoot)
        try FileIO.writeAtomically(RuntimeChoice.path(bundle: bundle), w.finish(), durable: true)
    }

    static func read(bundle: String) -> RuntimeChoice? {
        guard let bytes = try? FileIO.read(path(bundle: bundle)), let doc = try? JSONValue.parse(bytes),
              let runtime = doc["runtime"]?.string else { return nil }
        return RuntimeChoice(runtime: runtime, runtimeRoot: doc["runtimeRoot"]?.string)
    }
}
