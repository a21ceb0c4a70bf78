import BerthOCI
import BerthRuntime
import Foundation
import Testing

/// A throwaway OCI bundle: a copy of the busybox rootfs plus a config.json derived from the default
/// spec (terminal off, writable root unless the test says otherwise). Removed by `cleanup()`.
final class TestBundle {
    let dir: String
    var spec: Spec

    var rootfs: String { dir + "/rootfs" }

    init(args: [String], readonlyRoot: Bool = false, configure: (inout Spec) -> Void = { _ in }) throws {
        dir = NSTemporaryDirectory() + TestEnv.uniqueName("berth-bundle")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let copy = try Shell.run(["/bin/cp", "-a", TestEnv.rootfs, dir + "/rootfs"])
        guard copy.status == 0 else { throw TestFailure("copy rootfs: \(copy.stderr)") }
        var spec = DefaultSpec.make(rootless: false)
        spec.process?.terminal = false
        spec.process?.args = args
        spec.root?.readonly = readonlyRoot
        spec.hostname = "berth-test"
        configure(&spec)
        self.spec = spec
        try write()
    }

    func write() throws {
        try JSONCoding.encode(spec, pretty: true).withUnsafeBufferPointer {
            try Data(buffer: $0).write(to: URL(fileURLWithPath: dir + "/config.json"))
        }
    }

    private var cleaned = false

    func cleanup() {
        guard !cleaned else { return }
        cleaned = true
        _ = try? Shell.run(["/bin/rm", "-rf", dir])
    }

    deinit { cleanup() }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
