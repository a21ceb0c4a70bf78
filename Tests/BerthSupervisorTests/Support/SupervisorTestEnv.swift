import Foundation
import Glibc
import Testing

/// Inputs of the supervisor tests. Scripts/test exports the binary paths; the defaults match a debug
/// build, so `swift test` works by hand after `swift build` and Scripts/make-rootfs.
enum SupervisorTestEnv {
    static let repo: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func binary(_ variable: String, _ name: String) -> String {
        ProcessInfo.processInfo.environment[variable] ?? repo + "/.build/debug/" + name
    }

    static let rootfs = ProcessInfo.processInfo.environment["BERTH_TEST_ROOTFS"] ?? repo + "/.test-artifacts/rootfs"
    static let supervisor = binary("BERTH_SUPERVISOR_BIN", "berth-supervisor")
    static let shim = binary("BERTH_SHIM_BIN", "berth-shim")
    static let runtime = binary("BERTH_RUNTIME_BIN", "berth-runtime")
    static let ctr = binary("BERTH_CTR_BIN", "berth-ctr")
    static let runc: String? = ["/usr/sbin/runc", "/usr/bin/runc"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static let privileged: Bool = {
        geteuid() == 0 && FileManager.default.fileExists(atPath: rootfs + "/bin/busybox")
            && [supervisor, shim, runtime, ctr].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static let skipReason: Comment = "needs root, the busybox rootfs (Scripts/make-rootfs) and built berth-supervisor, berth-shim, berth-runtime and berth-ctr"

    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
    }

    /// The busybox rootfs as a tarball, made once per test process.
    static let rootfsTarball: String = {
        let path = NSTemporaryDirectory() + "berth-supervisor-tests-rootfs-\(getpid()).tar"
        if !FileManager.default.fileExists(atPath: path) {
            _ = try? Shell.run("/bin/tar", ["-C", rootfs, "-cf", path, "."])
        }
        return path
    }()
}
