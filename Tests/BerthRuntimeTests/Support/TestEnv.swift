import Foundation
import Glibc
import Testing

/// Where the runtime tests find their inputs. Scripts/test exports both variables; the defaults
/// match its layout so `swift test` also works by hand after Scripts/make-rootfs.
enum TestEnv {
    static let repo: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let rootfs = ProcessInfo.processInfo.environment["BERTH_TEST_ROOTFS"] ?? repo + "/.test-artifacts/rootfs"
    static let runtime = ProcessInfo.processInfo.environment["BERTH_RUNTIME_BIN"] ?? repo + "/.build/debug/berth-runtime"
    static let runc: String? = ["/usr/sbin/runc", "/usr/bin/runc"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Root with namespace support and the test inputs present: what the privileged tests need.
    static let privileged: Bool = {
        geteuid() == 0 && FileManager.default.fileExists(atPath: "/proc/self/ns/user")
            && FileManager.default.fileExists(atPath: rootfs + "/bin/busybox")
            && FileManager.default.isExecutableFile(atPath: runtime)
    }()

    static let skipReason: Comment = "needs root, namespaces, the busybox rootfs (Scripts/make-rootfs) and a built berth-runtime"

    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
    }
}
